-- Each record with its strongest usable identifier (the smallest node id among its unblocked
-- values): the hub of the record's links, and the identifier that decides the record's person.
-- Records whose values are all blocked have no row.
with occurrences as (
    select * from {{ ref('int_identity_occurrences') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_values') }}
),

final as (
    select
        occurrences.record_id,
        min(occurrences.value_id) as strongest_node_id,
        count(*) as usable_identifiers
    from occurrences
    left join blocked on occurrences.value_id = blocked.value_id
    where blocked.value_id is null
    group by occurrences.record_id
)

select * from final
