{#-
    Every identifier occurrence from every staged source: its type, normalised value, the value as
    it arrived, the source table and record it was seen on, and when. Emails are the folded
    mailbox (var northstar_gmail_folding), phones E.164, ids trimmed strings. Values staging could
    not normalise are already out (audit.quarantine holds them with their reason).

    Customer and contact records are read with every accepted version (base models), not only the
    latest, so an address a person used before changing it still links their records (such
    sources say `is_versioned`: one record key holds several versions). A record
    carrying one value in two columns of a type (a CRM contact's phone and mobile) holds it once.

    A view: the identity layer reads it once into int_identity_values and once into
    int_identity_occurrences (compact, integer-keyed), so the wide rows are never written.
-#}
{{ config(materialized='view') }}
{%- set sources = [
    {
        'relation': ref('base_shop__customers'), 'source_table': 'shop_customers',
        'filter': 'reject_code is null', 'versioned': true,
        'seen_at': 'coalesce(updated_at, created_at)',
        'identifiers': [
            ('shop_customer_id', 'customer_id', 'customer_id'),
            ('email', 'email_folded', 'email_raw'),
            ('phone', 'phone_e164', 'phone_raw'),
        ],
    },
    {
        'relation': ref('stg_shop__orders'), 'source_table': 'shop_orders',
        'seen_at': 'created_at',
        'identifiers': [
            ('shop_customer_id', 'customer_id', 'customer_id'),
            ('email', 'email_folded', 'email_raw'),
            ('phone', 'phone_e164', 'phone_raw'),
        ],
    },
    {
        'relation': ref('base_crm__contacts'), 'source_table': 'crm_contacts',
        'filter': 'reject_code is null and not coalesce(is_deleted, false)', 'versioned': true,
        'seen_at': 'coalesce(last_modified_at, created_at)',
        'identifiers': [
            ('crm_contact_id', 'contact_id', 'contact_id'),
            ('email', 'email_folded', 'email_raw'),
            ('phone', 'phone_e164', 'phone_raw'),
            ('phone', 'mobile_phone_e164', 'mobile_phone_raw'),
        ],
        'repeats': {'mobile_phone_e164': 'phone_e164'},
    },
    {
        'relation': ref('stg_web__events'), 'source_table': 'web_events',
        'seen_at': 'sent_at',
        'identifiers': [
            ('anonymous_id', 'anonymous_id', 'anonymous_id'),
            ('shop_customer_id', 'customer_id', 'customer_id'),
            ('device_id', 'device_id', 'device_id'),
            ('email', 'email_folded', 'email_raw'),
        ],
    },
    {
        'relation': ref('stg_esp__events'), 'source_table': 'esp_events',
        'seen_at': 'occurred_at',
        'identifiers': [('email', 'email_folded', 'email_raw')],
    },
    {
        'relation': ref('stg_pos__transactions'), 'source_table': 'pos_transactions',
        'seen_at': 'occurred_at',
        'identifiers': [
            ('loyalty_card_number', 'loyalty_card_number', 'loyalty_card_number'),
            ('phone', 'phone_e164', 'phone_raw'),
        ],
    },
    {
        'relation': ref('stg_loyalty__members'), 'source_table': 'loyalty_members',
        'seen_at': 'enrolled_at',
        'identifiers': [
            ('loyalty_card_number', 'loyalty_card_number', 'loyalty_card_number'),
            ('email', 'email_folded', 'email_raw'),
            ('phone', 'phone_e164', 'phone_raw'),
        ],
    },
    {
        'relation': ref('stg_support__tickets'), 'source_table': 'support_tickets',
        'seen_at': 'created_at',
        'identifiers': [
            ('email', 'requester_email_folded', 'requester_email_raw'),
            ('phone', 'requester_phone_e164', 'requester_phone_raw'),
        ],
    },
    {
        'relation': ref('stg_consent__preference_submissions'),
        'source_table': 'preference_submissions',
        'seen_at': 'submitted_at',
        'identifiers': [('email', 'email_folded', 'email_raw')],
    },
] -%}
{%- set record_keys = {
    'shop_customers': 'record_key', 'shop_orders': 'order_id', 'crm_contacts': 'record_key',
    'web_events': 'message_id', 'esp_events': 'event_id', 'pos_transactions': 'transaction_id',
    'loyalty_members': 'loyalty_card_number', 'support_tickets': 'ticket_id',
    'preference_submissions': 'submission_id',
} -%}

with

{% for source in sources -%}
{{ source.source_table }} as (
    select * from {{ source.relation }}
    {%- if source.filter %}
    where {{ source.filter }}
    {%- endif %}
),

{% endfor -%}

occurrences as (
    {%- for source in sources %}
    {%- set outer_loop = loop %}
    {%- for identifier_type, value_column, raw_column in source.identifiers %}
    select
        '{{ source.source_table }}' as source_table,
        cast({{ record_keys[source.source_table] }} as {{ dbt.type_string() }}) as record_key,
        '{{ identifier_type }}' as identifier_type,
        cast({{ value_column }} as {{ dbt.type_string() }}) as identifier_value,
        cast({{ raw_column }} as {{ dbt.type_string() }}) as raw_value,
        {{ source.seen_at }} as seen_at,
        {{ 'true' if source.versioned else 'false' }} as is_versioned
    from {{ source.source_table }}
    where {{ value_column }} is not null
    {%- if value_column in source.get('repeats', {}) %}
        and {{ value_column }} <> coalesce({{ source.repeats[value_column] }}, '')
    {%- endif %}
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

final as (
    select * from occurrences
)

select * from final
