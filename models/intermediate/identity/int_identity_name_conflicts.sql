-- Values of a name-checked type (identifier_types.checks_names: emails) typed on customer records
-- whose first names disagree: a household's shared address, which must not link its members.
-- Names agree when one edit apart (a typo) or one is a nickname of the other.
with occurrences as (
    select * from {{ ref('int_identity_occurrences') }}
    where source_table in ('shop_customers', 'crm_contacts', 'loyalty_members')
),

identity_values as (
    select * from {{ ref('int_identity_values') }}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

nicknames as (
    select * from {{ ref('first_name_nicknames') }}
),

shop_customers as (
    select * from {{ ref('base_shop__customers') }}
    where reject_code is null
),

crm_contacts as (
    select * from {{ ref('base_crm__contacts') }}
    where reject_code is null and not coalesce(is_deleted, false)
),

loyalty_members as (
    select * from {{ ref('stg_loyalty__members') }}
),

named_records as (
    select
        {{ identity_record_id("'shop_customers'", 'record_key') }} as record_id,
        {{ fold_first_name('first_name') }} as name_key
    from shop_customers
    union all
    select
        {{ identity_record_id("'crm_contacts'", 'record_key') }} as record_id,
        {{ fold_first_name('first_name') }} as name_key
    from crm_contacts
    union all
    select
        {{ identity_record_id("'loyalty_members'", 'loyalty_card_number') }} as record_id,
        {{ fold_first_name('first_name') }} as name_key
    from loyalty_members
),

checked_values as (
    select
        identity_values.value_id,
        identity_values.identifier_type,
        identity_values.identifier_value
    from identity_values
    inner join identifier_types
        on identity_values.identifier_type = identifier_types.identifier_type
    where identifier_types.checks_names
),

value_names as (
    select distinct
        checked_values.identifier_type,
        checked_values.identifier_value,
        named_records.name_key
    from named_records
    inner join occurrences on named_records.record_id = occurrences.record_id
    inner join checked_values on occurrences.value_id = checked_values.value_id
    where named_records.name_key <> ''
),

name_pairs as (
    select
        left_names.identifier_type,
        left_names.identifier_value,
        left_names.name_key as left_name,
        right_names.name_key as right_name
    from value_names as left_names
    inner join value_names as right_names
        on
            left_names.identifier_type = right_names.identifier_type
            and left_names.identifier_value = right_names.identifier_value
            and left_names.name_key < right_names.name_key
),

name_forms as (
    -- Each name as itself and as the first names it is a nickname of.
    select distinct
        name_key,
        name_key as form
    from value_names
    union all
    select distinct
        value_names.name_key,
        nicknames.first_name as form
    from value_names
    inner join nicknames
        on value_names.name_key = nicknames.nickname
),

agreeing_pairs as (
    select distinct
        name_pairs.identifier_type,
        name_pairs.identifier_value,
        name_pairs.left_name,
        name_pairs.right_name
    from name_pairs
    inner join name_forms as left_forms
        on name_pairs.left_name = left_forms.name_key
    inner join name_forms as right_forms
        on name_pairs.right_name = right_forms.name_key
    where {{ within_one_edit('left_forms.form', 'right_forms.form') }}
),

disagreeing_pairs as (
    select
        name_pairs.identifier_type,
        name_pairs.identifier_value,
        name_pairs.left_name,
        name_pairs.right_name
    from name_pairs
    left join agreeing_pairs
        on
            name_pairs.identifier_type = agreeing_pairs.identifier_type
            and name_pairs.identifier_value = agreeing_pairs.identifier_value
            and name_pairs.left_name = agreeing_pairs.left_name
            and name_pairs.right_name = agreeing_pairs.right_name
    where agreeing_pairs.identifier_value is null
),

name_counts as (
    select
        identifier_type,
        identifier_value,
        count(*) as distinct_names
    from value_names
    group by identifier_type, identifier_value
),

final as (
    select
        name_counts.identifier_type,
        name_counts.identifier_value,
        name_counts.distinct_names,
        count(*) as disagreeing_name_pairs
    from disagreeing_pairs
    inner join name_counts
        on
            disagreeing_pairs.identifier_type = name_counts.identifier_type
            and disagreeing_pairs.identifier_value = name_counts.identifier_value
    group by name_counts.identifier_type, name_counts.identifier_value, name_counts.distinct_names
)

select * from final
