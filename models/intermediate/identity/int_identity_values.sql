-- Every distinct identifier value (normalised) with its type's rule, numbered strongest first:
-- value_id orders by type priority, then the value's bytes, so the strongest identifier of any
-- set is simply the one with the smallest value_id. Later identity steps work on these integers.
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
    where not is_suppressed
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

per_value as (
    select
        identifier_type,
        identifier_value,
        count(*) as occurrences,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at
    from identifiers
    group by identifier_type, identifier_value
),

final as (
    select
        cast(row_number() over (
            order by
                identifier_types.priority,
                {{ binary_sort_key('per_value.identifier_type') }},
                {{ binary_sort_key('per_value.identifier_value') }}
        ) as bigint) as value_id,
        per_value.identifier_type,
        per_value.identifier_value,
        identifier_types.priority as type_priority,
        identifier_types.is_anchor,
        identifier_types.max_per_person,
        identifier_types.max_owners,
        per_value.occurrences,
        per_value.first_seen_at,
        per_value.last_seen_at
    from per_value
    inner join identifier_types
        on per_value.identifier_type = identifier_types.identifier_type
)

select * from final
