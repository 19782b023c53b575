{#-
    Every value a source record offers for a golden-record attribute, with the record's person,
    the time the record speaks for (observed_at) and, for customer accounts, when the account
    was created. One row per record and source column, empty values included: the survivorship
    rule (int_customer_attributes_survived, seed survivorship_rules) judges them. Values come
    normalised from staging (emails trimmed and lower-cased, phones E.164, ISO country codes);
    an email or phone that identity resolution blocked (a staff test address, a kiosk phone) is
    flagged.
-#}
{%- set sources = [
    {
        'relation': ref('stg_shop__customers'), 'source_table': 'shop_customers',
        'record_key': 'customer_id',
        'observed_at': 'coalesce(updated_at, created_at)', 'created_at': 'created_at',
        'columns': [
            ('first_name', 'first_name', none, none),
            ('last_name', 'last_name', none, none),
            ('email', 'email', 'email', 'email_folded'),
            ('phone', 'phone_e164', 'phone', 'phone_e164'),
            ('country_code', 'country_code', none, none),
        ],
    },
    {
        'relation': ref('stg_crm__contacts'), 'source_table': 'crm_contacts',
        'record_key': 'contact_id', 'filter': 'not coalesce(is_deleted, false)',
        'observed_at': 'coalesce(last_modified_at, created_at)', 'created_at': 'created_at',
        'columns': [
            ('first_name', 'first_name', none, none),
            ('last_name', 'last_name', none, none),
            ('email', 'email', 'email', 'email_folded'),
            ('phone', 'phone_e164', 'phone', 'phone_e164'),
            ('mobile_phone', 'mobile_phone_e164', 'phone', 'mobile_phone_e164'),
            ('mailing_country', 'mailing_country', none, none),
        ],
    },
    {
        'relation': ref('stg_loyalty__members'), 'source_table': 'loyalty_members',
        'record_key': 'loyalty_card_number',
        'observed_at': 'enrolled_at', 'created_at': 'enrolled_at',
        'columns': [
            ('first_name', 'first_name', none, none),
            ('last_name', 'last_name', none, none),
            ('email', 'email', 'email', 'email_folded'),
            ('phone', 'phone_e164', 'phone', 'phone_e164'),
            ('tier', 'tier', none, none),
        ],
    },
    {
        'relation': ref('stg_shop__orders'), 'source_table': 'shop_orders',
        'record_key': 'order_id',
        'observed_at': 'created_at', 'created_at': none,
        'columns': [
            ('email', 'email', 'email', 'email_folded'),
            ('phone', 'phone_e164', 'phone', 'phone_e164'),
            ('shipping_country', 'shipping_country', none, none),
        ],
    },
    {
        'relation': ref('stg_support__tickets'), 'source_table': 'support_tickets',
        'record_key': 'ticket_id',
        'observed_at': 'created_at', 'created_at': none,
        'columns': [
            ('requester_email', 'requester_email', 'email', 'requester_email_folded'),
            ('requester_phone', 'requester_phone_e164', 'phone', 'requester_phone_e164'),
        ],
    },
    {
        'relation': ref('stg_consent__preference_submissions'),
        'source_table': 'preference_submissions',
        'record_key': 'submission_id',
        'observed_at': 'submitted_at', 'created_at': none,
        'columns': [
            ('email', 'email', 'email', 'email_folded'),
        ],
    },
    {
        'relation': ref('stg_pos__transactions'), 'source_table': 'pos_transactions',
        'record_key': 'transaction_id',
        'observed_at': 'occurred_at', 'created_at': none,
        'columns': [
            ('phone', 'phone_e164', 'phone', 'phone_e164'),
        ],
    },
] -%}

with

{% for source in sources -%}
{{ source.source_table }} as (
    select * from {{ source.relation }}
    {%- if source.filter %}
    where {{ source.filter }}
    {%- endif %}
),

{% endfor -%}

records_assigned as (
    select * from {{ ref('int_identity_records_assigned') }}
),

blocked_values as (
    select * from {{ ref('int_identity_blocked_values') }}
),

source_values as (
    {%- for source in sources %}
    {%- set outer_loop = loop %}
    {%- for source_column, value_column, identifier_type, identifier_column in source.columns %}
    select
        '{{ source.source_table }}' as source_table,
        cast({{ source.record_key }} as {{ dbt.type_string() }}) as record_key,
        '{{ source_column }}' as source_column,
        cast({{ value_column }} as {{ dbt.type_string() }}) as attribute_value,
        {%- if identifier_type %}
        '{{ identifier_type }}' as identifier_type,
        cast({{ identifier_column }} as {{ dbt.type_string() }}) as identifier_value,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as identifier_type,
        cast(null as {{ dbt.type_string() }}) as identifier_value,
        {%- endif %}
        {{ source.observed_at }} as observed_at,
        {%- if source.created_at %}
        {{ source.created_at }} as record_created_at
        {%- else %}
        cast(null as {{ dbt.type_timestamp() }}) as record_created_at
        {%- endif %}
    from {{ source.source_table }}
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

assigned as (
    select
        source_values.*,
        records_assigned.person_id
    from source_values
    inner join records_assigned
        on
            source_values.source_table = records_assigned.source_table
            and source_values.record_key = records_assigned.record_key
),

final as (
    select
        assigned.person_id,
        assigned.source_table,
        assigned.record_key,
        assigned.source_column,
        assigned.attribute_value,
        assigned.observed_at,
        assigned.record_created_at,
        blocked_values.identifier_value is not null as is_blocked_identifier
    from assigned
    left join blocked_values
        on
            assigned.identifier_type = blocked_values.identifier_type
            and assigned.identifier_value = blocked_values.identifier_value
)

select * from final
