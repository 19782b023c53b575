{% macro identity_sources() -%}
    {#-
        The staged relations identity reads, one entry per source table: the relation (with a
        filter where it holds rejected or deleted rows), its record key, whether one key holds
        several versions, when the record says its identifiers were seen, the identifier
        columns (type, normalised column, raw column), and `repeats`: a column that may repeat
        another's value on one record (a CRM contact's mobile and phone). Called from a model,
        so the refs are that model's dependencies.
    -#}
    {%- set sources = [
        {
            'relation': ref('base_shop__customers'), 'source_table': 'shop_customers',
            'record_key': 'record_key',
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
            'record_key': 'order_id',
            'seen_at': 'created_at',
            'identifiers': [
                ('shop_customer_id', 'customer_id', 'customer_id'),
                ('email', 'email_folded', 'email_raw'),
                ('phone', 'phone_e164', 'phone_raw'),
            ],
        },
        {
            'relation': ref('base_crm__contacts'), 'source_table': 'crm_contacts',
            'record_key': 'record_key',
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
            'record_key': 'message_id',
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
            'record_key': 'event_id',
            'seen_at': 'occurred_at',
            'identifiers': [('email', 'email_folded', 'email_raw')],
        },
        {
            'relation': ref('stg_pos__transactions'), 'source_table': 'pos_transactions',
            'record_key': 'transaction_id',
            'seen_at': 'occurred_at',
            'identifiers': [
                ('loyalty_card_number', 'loyalty_card_number', 'loyalty_card_number'),
                ('phone', 'phone_e164', 'phone_raw'),
            ],
        },
        {
            'relation': ref('stg_loyalty__members'), 'source_table': 'loyalty_members',
            'record_key': 'loyalty_card_number',
            'seen_at': 'enrolled_at',
            'identifiers': [
                ('loyalty_card_number', 'loyalty_card_number', 'loyalty_card_number'),
                ('email', 'email_folded', 'email_raw'),
                ('phone', 'phone_e164', 'phone_raw'),
            ],
        },
        {
            'relation': ref('stg_support__tickets'), 'source_table': 'support_tickets',
            'record_key': 'ticket_id',
            'seen_at': 'created_at',
            'identifiers': [
                ('email', 'requester_email_folded', 'requester_email_raw'),
                ('phone', 'requester_phone_e164', 'requester_phone_raw'),
            ],
        },
        {
            'relation': ref('stg_consent__preference_submissions'),
            'source_table': 'preference_submissions',
            'record_key': 'submission_id',
            'seen_at': 'submitted_at',
            'identifiers': [('email', 'email_folded', 'email_raw')],
        },
    ] -%}
    {#- Each source also lists `columns`: the identifier columns identity reads from it. -#}
    {%- for source in sources -%}
        {%- set columns = [] -%}
        {%- for _, value_column, raw_column in source.identifiers -%}
            {%- for column in [value_column, raw_column] if column not in columns -%}
                {%- do columns.append(column) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- do source.update({'columns': columns}) -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}
