-- Each source record with the person it belongs to: the person of its strongest usable
-- identifier. Records whose identifiers are all blocked or invalid have no person (guests).
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

record_persons as (
    select
        identifiers.source_table,
        identifiers.record_key,
        persons.person_id,
        row_number() over (
            partition by identifiers.source_table, identifiers.record_key
            order by persons.type_priority, {{ binary_sort_key('persons.identifier_value') }}
        ) as strength_rank
    from identifiers
    inner join persons
        on
            identifiers.identifier_type = persons.identifier_type
            and identifiers.identifier_value = persons.identifier_value
),

final as (
    select
        source_table,
        record_key,
        person_id
    from record_persons
    where strength_rank = 1
)

select * from final
