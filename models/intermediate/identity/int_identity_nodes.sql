-- One node per usable identifier (normalised, not blocked), numbered for the graph, with the
-- rule that applies to its type and when it was first and last seen.
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_values') }}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

usable as (
    select identifiers.*
    from identifiers
    left join blocked
        on
            identifiers.identifier_type = blocked.identifier_type
            and identifiers.identifier_value = blocked.identifier_value
    where blocked.identifier_value is null
),

per_identifier as (
    select
        identifier_type,
        identifier_value,
        count(*) as occurrences,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at
    from usable
    group by identifier_type, identifier_value
),

final as (
    select
        cast(row_number() over (
            order by
                per_identifier.identifier_type,
                {{ binary_sort_key('per_identifier.identifier_value') }}
        ) as bigint) as node_id,
        per_identifier.identifier_type,
        per_identifier.identifier_value,
        identifier_types.priority as type_priority,
        identifier_types.is_anchor,
        identifier_types.max_per_person,
        per_identifier.occurrences,
        per_identifier.first_seen_at,
        per_identifier.last_seen_at
    from per_identifier
    inner join identifier_types
        on per_identifier.identifier_type = identifier_types.identifier_type
)

select * from final
