-- One row per person: when they were first and last seen, how many identifiers of each type
-- they hold, and which sources know them.
with identifiers as (
    select * from {{ ref('dim_customer_identifiers') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

per_person as (
    select
        person_id,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        {% for identifier_type in [
            'shop_customer_id', 'crm_contact_id', 'loyalty_card_number', 'email', 'phone',
            'anonymous_id', 'device_id'
        ] -%}
        sum(case when identifier_type = '{{ identifier_type }}' then 1 else 0 end)
            as {{ identifier_type }}_count,
        {% endfor -%}
        count(*) as identifier_count
    from persons
    group by person_id
),

sources as (
    select
        person_id,
        {{ dbt.listagg('source', "','", "order by source") }} as sources
    from (select distinct
        person_id,
        source
    from identifiers) as distinct_sources
    group by person_id
),

final as (
    select
        per_person.*,
        sources.sources
    from per_person
    left join sources on per_person.person_id = sources.person_id
)

select * from final
