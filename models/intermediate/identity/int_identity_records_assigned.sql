-- Each source record with the person it belongs to: the person of its strongest usable
-- identifier. Records whose identifiers are all blocked or invalid have no person (guests).
with records as (
    select * from {{ ref('int_identity_records') }}
),

keyed as (
    select * from {{ ref('int_identity_records_keyed') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

final as (
    select
        records.source_table,
        records.record_key,
        persons.person_id
    from keyed
    inner join records on keyed.record_id = records.record_id
    inner join persons on keyed.strongest_node_id = persons.node_id
)

select * from final
