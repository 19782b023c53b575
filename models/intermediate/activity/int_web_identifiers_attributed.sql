-- The identifiers a web session is attributed through (shop customer ids, anonymous ids,
-- device ids), each with its person when that person is known: holds at least one identifier
-- other than an anonymous or device id. An identifier of a never-identified visitor has no row.
with

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

known_persons as (
    select person_id
    from persons
    where identifier_type not in ('anonymous_id', 'device_id')
    group by person_id
),

final as (
    select
        persons.identifier_type,
        persons.identifier_value,
        persons.person_id
    from persons
    inner join known_persons on persons.person_id = known_persons.person_id
    where persons.identifier_type in ('shop_customer_id', 'anonymous_id', 'device_id')
)

select * from final
