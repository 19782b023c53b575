-- Every identifier of every person, per source it was seen in.
with occurrences as (
    select * from {{ ref('int_identity_occurrences') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

per_source as (
    select
        value_id,
        source_table,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at,
        count(*) as occurrences
    from occurrences
    group by value_id, source_table
),

final as (
    select
        persons.person_id,
        persons.identifier_type,
        persons.identifier_value,
        per_source.source_table as source,  -- noqa: RF04
        per_source.first_seen_at,
        per_source.last_seen_at,
        per_source.occurrences
    from per_source
    inner join persons on per_source.value_id = persons.node_id
)

select * from final
