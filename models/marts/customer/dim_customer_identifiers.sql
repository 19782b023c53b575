-- Every identifier of every person, per source it was seen in.
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

per_source as (
    select
        persons.person_id,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifiers.source_table as source,  -- noqa: RF04
        min(identifiers.seen_at) as first_seen_at,
        max(identifiers.seen_at) as last_seen_at,
        count(*) as occurrences
    from identifiers
    inner join persons
        on
            identifiers.identifier_type = persons.identifier_type
            and identifiers.identifier_value = persons.identifier_value
    group by
        persons.person_id,
        identifiers.identifier_type,
        identifiers.identifier_value,
        identifiers.source_table
)

select * from per_source
