-- Shown in Dagster as an asset check of quarantine (a singular test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'quarantine'}}}) }}
-- depends_on: {{ ref('quarantine') }}
-- Every email a staging model keeps is trimmed, lower-case and has one '@'; its folded form is
-- set and ends in the same domain (gmail.com for googlemail.com), and its raw value is kept.
{%- set emails = [
    ('stg_shop__customers', 'customer_id', 'email'),
    ('stg_shop__orders', 'order_id', 'email'),
    ('stg_crm__contacts', 'contact_id', 'email'),
    ('stg_web__events', 'message_id', 'email'),
    ('stg_esp__events', 'event_id', 'email'),
    ('stg_loyalty__members', 'loyalty_card_number', 'email'),
    ('stg_support__tickets', 'ticket_id', 'requester_email'),
    ('stg_consent__preference_submissions', 'submission_id', 'email'),
] %}

with

{% for model, key, email in emails -%}
{{ model }}_{{ email }} as (
    select
        '{{ model }}' as model_name,
        {{ key }} as record_key,
        {{ email }}_raw as email_raw,
        {{ email }} as email,
        {{ email }}_folded as email_folded
    from {{ ref(model) }}
    where {{ email }} is not null
),

{% endfor -%}

staged_emails as (
    {%- for model, key, email in emails %}
    select * from {{ model }}_{{ email }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

problems as (
    select *
    from staged_emails
    where
        email <> lower(trim(email))
        or not {{ northstar.regexp_like('email', '^[^@ ]+@[^@ ]+$') }}
        or email_folded is null
        or email_raw is null
        or (
            split_part(email_folded, '@', 2) <> split_part(email, '@', 2)
            and split_part(email, '@', 2) <> 'googlemail.com'
        )
)

select * from problems
