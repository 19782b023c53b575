-- Shown in Dagster as an asset check of quarantine (a singular test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'quarantine'}}}) }}
-- depends_on: {{ ref('quarantine') }}
-- Every phone a staging model keeps is E.164: '+', a calling code that does not start with 0,
-- at most 15 digits in all, and its raw value is kept beside it.
{%- set phones = [
    ('stg_shop__customers', 'customer_id', 'phone'),
    ('stg_shop__orders', 'order_id', 'phone'),
    ('stg_crm__contacts', 'contact_id', 'phone'),
    ('stg_crm__contacts', 'contact_id', 'mobile_phone'),
    ('stg_pos__transactions', 'transaction_id', 'phone'),
    ('stg_loyalty__members', 'loyalty_card_number', 'phone'),
    ('stg_support__tickets', 'ticket_id', 'requester_phone'),
] %}

with

{% for model, key, phone in phones -%}
{{ model }}_{{ phone }} as (
    select
        '{{ model }}' as model_name,
        {{ key }} as record_key,
        {{ phone }}_raw as phone_raw,
        {{ phone }}_e164 as phone_e164
    from {{ ref(model) }}
    where {{ phone }}_e164 is not null
),

{% endfor -%}

staged_phones as (
    {%- for model, key, phone in phones %}
    select * from {{ model }}_{{ phone }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

problems as (
    select *
    from staged_phones
    where
        not {{ northstar.regexp_like('phone_e164', '^[+][1-9][0-9]{6,14}$') }}
        or phone_raw is null
)

select * from problems
