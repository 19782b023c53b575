{#-
    The golden record: one row per person. Identity (when first and last seen, identifiers per
    type, sources), the survivorship winners with the raw table each came from (rule: seed
    survivorship_rules), and the Customer 360 traits, all as of int_as_of_dates_resolved.
-#}
{%- set identifier_types = [
    'shop_customer_id', 'crm_contact_id', 'loyalty_card_number', 'email', 'phone',
    'anonymous_id', 'device_id',
] -%}
{%- set golden_attributes = ['first_name', 'last_name', 'email', 'phone', 'country_code'] -%}

with

identifiers as (
    select * from {{ ref('dim_customer_identifiers') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

attribute_values as (
    select * from {{ ref('int_customer_attribute_values_unioned') }}
),

attributes as (
    select * from {{ ref('int_customer_attributes_survived') }}
),

orders_summarised as (
    select * from {{ ref('int_customer_orders_summarised') }}
),

rfm as (
    select * from {{ ref('int_customer_rfm_scored') }}
),

behaviours as (
    select * from {{ ref('int_customer_behaviours_summarised') }}
),

tickets as (
    select * from {{ ref('int_customer_tickets_summarised') }}
),

channels as (
    select * from {{ ref('int_customer_channels_preferred') }}
),

categories as (
    select * from {{ ref('int_customer_categories_ranked') }}
),

interests as (
    select * from {{ ref('int_customer_interests_declared') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

per_person as (
    select
        person_id,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        {% for identifier_type in identifier_types -%}
        sum(case when identifier_type = '{{ identifier_type }}' then 1 else 0 end)
            as {{ identifier_type }}_count,
        {% endfor -%}
        count(*) as identifier_count
    from persons
    group by person_id
),

distinct_sources as (
    select distinct
        person_id,
        source
    from identifiers
),

sources as (
    select
        person_id,
        {{ dbt.listagg('source', "','", 'order by ' ~ northstar.binary_sort_key('source')) }}
            as sources
    from distinct_sources
    group by person_id
),

accounts_created as (
    select
        person_id,
        min(record_created_at) as created_at
    from attribute_values
    group by person_id
),

golden_values as (
    select
        person_id,
        {%- for attribute in golden_attributes %}
        max(case when attribute = '{{ attribute }}' then attribute_value end)
            as {{ attribute }},
        max(case when attribute = '{{ attribute }}' then source_table end)
            as {{ attribute }}_source,
        {%- endfor %}
        max(case when attribute = 'loyalty_tier' then attribute_value end) as loyalty_tier
    from attributes
    group by person_id
),

top_categories as (
    select
        person_id,
        {{ dbt.listagg('category', "','", 'order by spend_rank') }} as top_categories
    from categories
    where spend_rank <= 3
    group by person_id
),

declared_interests as (
    select
        person_id,
        {{ dbt.listagg('interest', "','", 'order by ' ~ northstar.binary_sort_key('interest')) }}
            as declared_interests
    from interests
    group by person_id
),

final as (
    select
        -- ids
        cast(per_person.person_id as varchar) as person_id,

        -- strings: golden record (value, winning raw table)
        {%- for attribute in golden_attributes %}
        cast(golden_values.{{ attribute }} as varchar) as {{ attribute }},
        cast(golden_values.{{ attribute }}_source as varchar) as {{ attribute }}_source,
        {%- endfor %}
        cast(golden_values.loyalty_tier as varchar) as loyalty_tier,
        cast(channels.preferred_channel as varchar) as preferred_channel,
        cast(channels.preferred_channel_source as varchar) as preferred_channel_source,
        cast(rfm.rfm_segment as varchar) as rfm_segment,
        cast(behaviours.behaviour_traits_basis as varchar) as behaviour_traits_basis,
        cast(top_categories.top_categories as varchar) as top_categories,
        cast(declared_interests.declared_interests as varchar) as declared_interests,
        cast(sources.sources as varchar) as sources,

        -- numerics: identity
        {%- for identifier_type in identifier_types %}
        cast(per_person.{{ identifier_type }}_count as bigint) as {{ identifier_type }}_count,
        {%- endfor %}
        cast(per_person.identifier_count as bigint) as identifier_count,

        -- numerics: orders (base currency) and RFM
        cast(orders_summarised.order_count as bigint) as order_count,
        cast(orders_summarised.revenue_base as decimal(18, 2)) as revenue_base,
        cast(orders_summarised.average_order_value_base as decimal(18, 2))
            as average_order_value_base,
        cast(orders_summarised.value_12m_base as decimal(18, 2)) as value_12m_base,
        cast(orders_summarised.revenue_base as decimal(18, 2)) as lifetime_value_base,
        cast(orders_summarised.days_since_last_order as integer) as days_since_last_order,
        cast(rfm.recency_score as integer) as rfm_recency_score,
        cast(rfm.frequency_score as integer) as rfm_frequency_score,
        cast(rfm.monetary_score as integer) as rfm_monetary_score,

        -- numerics: engagement and support
        cast(behaviours.email_opens_30d as bigint) as email_opens_30d,
        cast(behaviours.email_clicks_30d as bigint) as email_clicks_30d,
        cast(behaviours.email_opens_90d as bigint) as email_opens_90d,
        cast(behaviours.email_clicks_90d as bigint) as email_clicks_90d,
        cast(behaviours.web_sessions_30d as bigint) as web_sessions_30d,
        cast(behaviours.web_sessions_90d as bigint) as web_sessions_90d,
        cast(coalesce(tickets.ticket_count, 0) as bigint) as ticket_count,
        cast(coalesce(tickets.open_ticket_count, 0) as bigint) as open_ticket_count,
        cast(tickets.average_csat as decimal(4, 2)) as average_csat,

        -- booleans
        cast(behaviours.has_bounced as boolean) as has_bounced,
        cast(behaviours.has_complained as boolean) as has_complained,

        -- timestamps and dates
        cast(accounts_created.created_at as timestamp) as created_at,
        cast(per_person.first_seen_at as timestamp) as first_seen_at,
        cast(per_person.last_seen_at as timestamp) as last_seen_at,
        cast(orders_summarised.first_order_at as timestamp) as first_order_at,
        cast(orders_summarised.last_order_at as timestamp) as last_order_at,
        cast(as_of.as_of_date as date) as as_of_date
    from per_person
    cross join as_of
    left join sources on per_person.person_id = sources.person_id
    left join accounts_created on per_person.person_id = accounts_created.person_id
    left join golden_values on per_person.person_id = golden_values.person_id
    left join orders_summarised on per_person.person_id = orders_summarised.person_id
    left join rfm on per_person.person_id = rfm.person_id
    left join behaviours on per_person.person_id = behaviours.person_id
    left join tickets on per_person.person_id = tickets.person_id
    left join channels on per_person.person_id = channels.person_id
    left join top_categories on per_person.person_id = top_categories.person_id
    left join declared_interests on per_person.person_id = declared_interests.person_id
)

select * from final
