-- Persons holding at least one identifier on suppression_list: nothing of theirs is activatable.
with

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

suppression_list as (
    select * from {{ ref('suppression_list') }}
),

final as (
    select distinct persons.person_id
    from persons
    inner join suppression_list
        on
            persons.identifier_type = suppression_list.identifier_type
            and {{ northstar.suppression_hash('persons.identifier_value') }}
            = suppression_list.identifier_hash
)

select * from final
