-- Identifier values that must never link records: the static blocklist (seed, exact values and
-- patterns) and the dynamic one (values seen with more anchors than the threshold allows).
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

dynamic_blocked as (
    select
        anchor_degree.identifier_type,
        anchor_degree.identifier_value,
        anchor_degree.anchor_degree,
        threshold.anchor_threshold
    from anchor_degree
    cross join threshold
    where anchor_degree.anchor_degree > threshold.anchor_threshold
),

final as (
    select
        distinct_values.identifier_type,
        distinct_values.identifier_value,
        case when static_blocked.identifier_value is not null then 'static' else 'dynamic' end
            as block_rule,
        coalesce(
            static_blocked.rule_detail,
            'seen with ' || cast(dynamic_blocked.anchor_degree as {{ dbt.type_string() }})
            || ' anchors, more than the threshold of '
            || cast(dynamic_blocked.anchor_threshold as {{ dbt.type_string() }})
        ) as block_reason,
        coalesce(anchor_degree.anchor_degree, 0) as anchor_degree,
        distinct_values.occurrences
    from distinct_values
    left join static_blocked
        on
            distinct_values.identifier_type = static_blocked.identifier_type
            and distinct_values.identifier_value = static_blocked.identifier_value
    left join dynamic_blocked
        on
            distinct_values.identifier_type = dynamic_blocked.identifier_type
            and distinct_values.identifier_value = dynamic_blocked.identifier_value
    left join anchor_degree
        on
            distinct_values.identifier_type = anchor_degree.identifier_type
            and distinct_values.identifier_value = anchor_degree.identifier_value
    where
        static_blocked.identifier_value is not null or dynamic_blocked.identifier_value is not null
)

select * from final
