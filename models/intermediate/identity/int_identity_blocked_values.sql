-- Identifier values that must never link records: the static blocklist (seed, exact values and
-- patterns) and the dynamic one: values seen with more anchors than the threshold allows, and
-- values of a type with an owner limit (identifier_types.max_owners) seen on the records of more
-- owners than that (a family tablet: one person logs in, another signs up with their email),
-- and values typed on the records of differently named people (int_identity_name_conflicts).
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
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

distinct_values as (
    select
        identifier_type,
        identifier_value,
        count(*) as occurrences
    from identifiers
    group by identifier_type, identifier_value
),

static_matches as (
    select
        distinct_values.identifier_type,
        distinct_values.identifier_value,
        blocklist.reason,
        blocklist.match_type,
        blocklist.pattern
    from distinct_values
    inner join blocklist
        on distinct_values.identifier_type = blocklist.identifier_type
    where
        (blocklist.match_type = 'exact' and distinct_values.identifier_value = blocklist.pattern)
        or (
            blocklist.match_type = 'regex'
            and {{ identity_value_matches(
                'distinct_values.identifier_value', 'blocklist.pattern'
            ) }}
        )
),

static_blocked as (
    select
        identifier_type,
        identifier_value,
        min(match_type || ' ' || pattern || ': ' || reason) as rule_detail
    from static_matches
    group by identifier_type, identifier_value
),

anchors_on_records as (
    select distinct
        identifiers.source_table,
        identifiers.record_key,
        identifiers.identifier_type as anchor_type,
        identifiers.identifier_value as anchor_value
    from identifiers
    inner join identifier_types
        on identifiers.identifier_type = identifier_types.identifier_type
    where identifier_types.is_anchor
),

record_identifiers as (
    select distinct
        source_table,
        record_key,
        identifier_type,
        identifier_value
    from identifiers
),

anchor_degree as (
    select
        record_identifiers.identifier_type,
        record_identifiers.identifier_value,
        count(
            distinct anchors_on_records.anchor_type || ':' || anchors_on_records.anchor_value
        ) as anchor_degree
    from record_identifiers
    inner join anchors_on_records
        on
            record_identifiers.source_table = anchors_on_records.source_table
            and record_identifiers.record_key = anchors_on_records.record_key
    where
        not (
            record_identifiers.identifier_type = anchors_on_records.anchor_type
            and record_identifiers.identifier_value = anchors_on_records.anchor_value
        )
    group by record_identifiers.identifier_type, record_identifiers.identifier_value
),

threshold as (
    select cast(value as integer) as anchor_threshold
    from settings
    where setting = 'dynamic_block_anchor_threshold'
),

owner_limited_types as (
    select
        identifier_type,
        max_owners
    from identifier_types
    where max_owners is not null
),

owner_candidates as (
    -- Identifiers that can own a record: the types a person holds a limited number of.
    select
        identifiers.source_table,
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifier_types.priority
    from identifiers
    inner join identifier_types
        on identifiers.identifier_type = identifier_types.identifier_type
    left join static_blocked
        on
            identifiers.identifier_type = static_blocked.identifier_type
            and identifiers.identifier_value = static_blocked.identifier_value
    where
        identifier_types.max_per_person is not null
        and static_blocked.identifier_value is null
),

owner_limited_occurrences as (
    select distinct
        identifiers.source_table,
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        owner_limited_types.max_owners
    from identifiers
    inner join owner_limited_types
        on identifiers.identifier_type = owner_limited_types.identifier_type
),

owner_limited_records as (
    select distinct
        source_table,
        record_key
    from owner_limited_occurrences
),

record_owners as (
    select
        owner_candidates.source_table,
        owner_candidates.record_key,
        owner_candidates.identifier_type || ':' || owner_candidates.identifier_value as owner_key,
        row_number() over (
            partition by owner_candidates.source_table, owner_candidates.record_key
            order by
                owner_candidates.priority,
                {{ binary_sort_key('owner_candidates.identifier_value') }}
        ) as owner_rank
    from owner_candidates
    inner join owner_limited_records
        on
            owner_candidates.source_table = owner_limited_records.source_table
            and owner_candidates.record_key = owner_limited_records.record_key
),

owner_degree as (
    select
        owner_limited_occurrences.identifier_type,
        owner_limited_occurrences.identifier_value,
        min(owner_limited_occurrences.max_owners) as max_owners,
        count(distinct record_owners.owner_key) as owner_degree
    from owner_limited_occurrences
    inner join record_owners
        on
            owner_limited_occurrences.source_table = record_owners.source_table
            and owner_limited_occurrences.record_key = record_owners.record_key
    where record_owners.owner_rank = 1
    group by owner_limited_occurrences.identifier_type, owner_limited_occurrences.identifier_value
),

dynamic_blocked as (
    select
        anchor_degree.identifier_type,
        anchor_degree.identifier_value,
        'seen with ' || cast(anchor_degree.anchor_degree as {{ dbt.type_string() }})
        || ' anchors, more than the threshold of '
        || cast(threshold.anchor_threshold as {{ dbt.type_string() }}) as block_reason
    from anchor_degree
    cross join threshold
    where anchor_degree.anchor_degree > threshold.anchor_threshold
    union all
    select
        owner_degree.identifier_type,
        owner_degree.identifier_value,
        'seen on the records of ' || cast(owner_degree.owner_degree as {{ dbt.type_string() }})
        || ' owners, more than the '
        || cast(owner_degree.max_owners as {{ dbt.type_string() }})
        || ' its type allows (shared)' as block_reason
    from owner_degree
    where owner_degree.owner_degree > owner_degree.max_owners
    union all
    select
        identifier_type,
        identifier_value,
        'typed on the records of ' || cast(distinct_names as {{ dbt.type_string() }})
        || ' differently named people (a household''s shared value)' as block_reason
    from name_conflicts
),

dynamic_blocked_once as (
    select
        identifier_type,
        identifier_value,
        min(block_reason) as block_reason
    from dynamic_blocked
    group by identifier_type, identifier_value
),

final as (
    select
        distinct_values.identifier_type,
        distinct_values.identifier_value,
        owner_degree.owner_degree,
        distinct_values.occurrences,
        case when static_blocked.identifier_value is not null then 'static' else 'dynamic' end
            as block_rule,
        coalesce(static_blocked.rule_detail, dynamic_blocked_once.block_reason) as block_reason,
        coalesce(anchor_degree.anchor_degree, 0) as anchor_degree
    from distinct_values
    left join static_blocked
        on
            distinct_values.identifier_type = static_blocked.identifier_type
            and distinct_values.identifier_value = static_blocked.identifier_value
    left join dynamic_blocked_once
        on
            distinct_values.identifier_type = dynamic_blocked_once.identifier_type
            and distinct_values.identifier_value = dynamic_blocked_once.identifier_value
    left join anchor_degree
        on
            distinct_values.identifier_type = anchor_degree.identifier_type
            and distinct_values.identifier_value = anchor_degree.identifier_value
    left join owner_degree
        on
            distinct_values.identifier_type = owner_degree.identifier_type
            and distinct_values.identifier_value = owner_degree.identifier_value
    where
        static_blocked.identifier_value is not null
        or dynamic_blocked_once.identifier_value is not null
)

select * from final
