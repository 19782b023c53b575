-- Identifier values that must never link records: the static blocklist (seed, exact values and
-- patterns) and the dynamic one: values seen with more anchors than the threshold allows, and
-- values of a type with an owner limit (identifier_types.max_owners) seen on the records of more
-- owners than that (a family tablet: one person logs in, another signs up with their email),
-- and values typed on the records of differently named people (int_identity_name_conflicts).
{#- The patterns are read from the seed when the model runs and written into the SQL as
    constants (a pattern taken from a column would be compiled again for every row). -#}
{%- set pattern_rules = [] -%}
{%- set blocklist_relation = load_relation(ref('blocked_identifier_values')) -%}
{#- Without the seed table (a parse or a lint before any build) there are no patterns to read;
    the build itself reads the seed below and fails if it is missing. -#}
{%- if execute and blocklist_relation is not none -%}
    {%- set rules = run_query(
        "select identifier_type, pattern, reason from " ~ ref('blocked_identifier_values')
        ~ " where match_type = 'regex' order by identifier_type, pattern"
    ) -%}
    {%- for rule in rules.rows -%}
        {%- do pattern_rules.append(rule) -%}
    {%- endfor -%}
{%- endif %}

with occurrences as (
    select * from {{ ref('int_identity_occurrences') }}
),

identity_values as (
    select * from {{ ref('int_identity_values') }}
),

blocklist as (
    select * from {{ ref('blocked_identifier_values') }}
),

settings as (
    select * from {{ ref('identity_settings') }}
),

name_conflicts as (
    select * from {{ ref('int_identity_name_conflicts') }}
),

static_matches as (
    select
        identity_values.value_id,
        'exact ' || blocklist.pattern || ': ' || blocklist.reason as rule_detail
    from identity_values
    inner join blocklist
        on
            identity_values.identifier_type = blocklist.identifier_type
            and identity_values.identifier_value = blocklist.pattern
    where blocklist.match_type = 'exact'
    {%- for rule in pattern_rules %}
    union all
    select
        value_id,
        {{ northstar.sql_string('regex ' ~ rule[1] ~ ': ' ~ rule[2]) }} as rule_detail
    from identity_values
    where
        identifier_type = {{ northstar.sql_string(rule[0]) }}
        and {{ identity_value_matches('identifier_value', northstar.sql_string(rule[1])) }}
    {%- endfor %}
),

static_blocked as (
    select
        value_id,
        min(rule_detail) as rule_detail
    from static_matches
    group by value_id
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

typed_occurrences as (
    select
        occurrences.record_id,
        occurrences.value_id,
        identifier_types.is_anchor,
        identifier_types.max_per_person,
        identifier_types.max_owners
    from occurrences
    inner join identifier_types on occurrences.type_priority = identifier_types.priority
),

anchors_on_records as (
    select
        record_id,
        value_id as anchor_value_id
    from typed_occurrences
    where is_anchor
),

anchor_degree as (
    select
        typed_occurrences.value_id,
        count(distinct anchors_on_records.anchor_value_id) as anchor_degree
    from typed_occurrences
    inner join anchors_on_records on typed_occurrences.record_id = anchors_on_records.record_id
    where typed_occurrences.value_id <> anchors_on_records.anchor_value_id
    group by typed_occurrences.value_id
),

threshold as (
    select cast(value as integer) as anchor_threshold
    from settings
    where setting = 'dynamic_block_anchor_threshold'
),

record_owners as (
    -- A record's owner: its strongest identifier of a type a person holds a limited number of
    -- (the smallest value_id), not statically blocked; only records that need one (they carry a
    -- value whose type limits its owners).
    select
        typed_occurrences.record_id,
        min(
            case
                when
                    typed_occurrences.max_per_person is not null
                    and static_blocked.value_id is null
                    then typed_occurrences.value_id
            end
        ) as owner_value_id,
        max(case when typed_occurrences.max_owners is not null then 1 else 0 end)
            as needs_owner
    from typed_occurrences
    left join static_blocked on typed_occurrences.value_id = static_blocked.value_id
    group by typed_occurrences.record_id
),

owner_degree as (
    select
        typed_occurrences.value_id,
        min(typed_occurrences.max_owners) as max_owners,
        count(distinct record_owners.owner_value_id) as owner_degree
    from typed_occurrences
    inner join record_owners on typed_occurrences.record_id = record_owners.record_id
    where
        typed_occurrences.max_owners is not null
        and record_owners.needs_owner = 1
        and record_owners.owner_value_id is not null
    group by typed_occurrences.value_id
),

name_conflicted as (
    select
        identity_values.value_id,
        name_conflicts.distinct_names
    from name_conflicts
    inner join identity_values
        on
            name_conflicts.identifier_type = identity_values.identifier_type
            and name_conflicts.identifier_value = identity_values.identifier_value
),

dynamic_blocked as (
    select
        anchor_degree.value_id,
        'seen with ' || cast(anchor_degree.anchor_degree as {{ dbt.type_string() }})
        || ' anchors, more than the threshold of '
        || cast(threshold.anchor_threshold as {{ dbt.type_string() }}) as block_reason
    from anchor_degree
    cross join threshold
    where anchor_degree.anchor_degree > threshold.anchor_threshold
    union all
    select
        value_id,
        'seen on the records of ' || cast(owner_degree as {{ dbt.type_string() }})
        || ' owners, more than the '
        || cast(max_owners as {{ dbt.type_string() }})
        || ' its type allows (shared)' as block_reason
    from owner_degree
    where owner_degree > max_owners
    union all
    select
        value_id,
        'typed on the records of ' || cast(distinct_names as {{ dbt.type_string() }})
        || ' differently named people (a household''s shared value)' as block_reason
    from name_conflicted
),

dynamic_blocked_once as (
    select
        value_id,
        min(block_reason) as block_reason
    from dynamic_blocked
    group by value_id
),

blocked as (
    select value_id from static_blocked
    union
    select value_id from dynamic_blocked_once
),

final as (
    select
        identity_values.value_id,
        identity_values.identifier_type,
        identity_values.identifier_value,
        owner_degree.owner_degree,
        identity_values.occurrences,
        case when static_blocked.value_id is not null then 'static' else 'dynamic' end
            as block_rule,
        coalesce(static_blocked.rule_detail, dynamic_blocked_once.block_reason) as block_reason,
        coalesce(anchor_degree.anchor_degree, 0) as anchor_degree
    from blocked
    inner join identity_values on blocked.value_id = identity_values.value_id
    left join static_blocked on blocked.value_id = static_blocked.value_id
    left join dynamic_blocked_once on blocked.value_id = dynamic_blocked_once.value_id
    left join anchor_degree on blocked.value_id = anchor_degree.value_id
    left join owner_degree on blocked.value_id = owner_degree.value_id
)

select * from final
