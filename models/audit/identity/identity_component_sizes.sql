-- The size distribution of persons (identifiers per person) and the largest one.
with persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

person_sizes as (
    select
        person_id,
        count(*) as identifier_count,
        sum(case when is_anchor then 1 else 0 end) as anchor_count
    from persons
    group by person_id
),

largest as (
    select
        person_id,
        identifier_count,
        row_number() over (order by identifier_count desc, person_id asc) as size_rank
    from person_sizes
),

final as (
    select
        person_sizes.identifier_count as identifiers_per_person,
        count(*) as persons,
        max(person_sizes.anchor_count) as max_anchors,
        max(case when largest.size_rank = 1 then largest.person_id end) as largest_person_id,
        max(case when largest.size_rank = 1 then 1 else 0 end) = 1 as is_largest
    from person_sizes
    inner join largest on person_sizes.person_id = largest.person_id
    group by person_sizes.identifier_count
)

select * from final
