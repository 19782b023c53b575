{% macro staging_tables() -%}
    {#-
        The raw tables staging reads, each with its source, its base model (every raw row, typed
        and checked), its staging model (the rows kept), the key a staged row is unique on, and
        the fields checked value by value (staged without the value when it is bad). The
        quarantine and the reconciliation iterate over this list, and every base model's value
        checks must match it (value_reject_checks raises a compile error otherwise).
    -#}
    {{ return([
        {
            'source': 'shop', 'source_table': 'shop_customers', 'key': 'customer_id',
            'base_model': 'base_shop__customers', 'stg_model': 'stg_shop__customers',
            'value_fields': ['email', 'phone', 'accepts_marketing', 'country_code'],
        },
        {
            'source': 'shop', 'source_table': 'shop_orders', 'key': 'order_id',
            'base_model': 'base_shop__orders', 'stg_model': 'stg_shop__orders',
            'value_fields': ['email', 'phone', 'shipping_country', 'cancelled_at'],
        },
        {
            'source': 'shop', 'source_table': 'shop_order_lines', 'key': 'order_line_id',
            'base_model': 'base_shop__order_lines', 'stg_model': 'stg_shop__order_lines',
            'value_fields': [],
        },
        {
            'source': 'crm', 'source_table': 'crm_contacts', 'key': 'contact_id',
            'base_model': 'base_crm__contacts', 'stg_model': 'stg_crm__contacts',
            'value_fields': ['email', 'phone', 'mobile_phone', 'mailing_country', 'is_deleted'],
        },
        {
            'source': 'web', 'source_table': 'web_events', 'key': 'message_id',
            'base_model': 'base_web__events', 'stg_model': 'stg_web__events',
            'value_fields': ['traits_email'],
        },
        {
            'source': 'esp', 'source_table': 'esp_events', 'key': 'event_id',
            'base_model': 'base_esp__events', 'stg_model': 'stg_esp__events',
            'value_fields': ['email'],
        },
        {
            'source': 'pos', 'source_table': 'pos_transactions', 'key': 'transaction_id',
            'base_model': 'base_pos__transactions', 'stg_model': 'stg_pos__transactions',
            'value_fields': ['phone'],
        },
        {
            'source': 'pos', 'source_table': 'pos_transaction_lines', 'key': 'transaction_line_id',
            'base_model': 'base_pos__transaction_lines',
            'stg_model': 'stg_pos__transaction_lines',
            'value_fields': [],
        },
        {
            'source': 'loyalty', 'source_table': 'loyalty_members', 'key': 'loyalty_card_number',
            'base_model': 'base_loyalty__members', 'stg_model': 'stg_loyalty__members',
            'value_fields': ['email', 'phone'],
        },
        {
            'source': 'support', 'source_table': 'support_tickets', 'key': 'ticket_id',
            'base_model': 'base_support__tickets', 'stg_model': 'stg_support__tickets',
            'value_fields': ['requester_email', 'requester_phone', 'csat_score', 'solved_at'],
        },
        {
            'source': 'consent', 'source_table': 'consent_events', 'key': 'event_id',
            'base_model': 'base_consent__events', 'stg_model': 'stg_consent__events',
            'value_fields': ['country'],
        },
        {
            'source': 'consent', 'source_table': 'privacy_requests', 'key': 'request_id',
            'base_model': 'base_consent__privacy_requests',
            'stg_model': 'stg_consent__privacy_requests',
            'value_fields': ['verified_at'],
        },
        {
            'source': 'consent', 'source_table': 'preference_submissions', 'key': 'submission_id',
            'base_model': 'base_consent__preference_submissions',
            'stg_model': 'stg_consent__preference_submissions',
            'value_fields': ['email', 'preferred_channel'],
        },
        {
            'source': 'erp', 'source_table': 'erp_products', 'key': 'sku',
            'base_model': 'base_erp__products', 'stg_model': 'stg_erp__products',
            'value_fields': ['unit_cost', 'list_price', 'is_active'],
        },
        {
            'source': 'erp', 'source_table': 'erp_inventory', 'key': 'inventory_snapshot_id',
            'base_model': 'base_erp__inventory', 'stg_model': 'stg_erp__inventory',
            'value_fields': ['reserved_qty'],
        },
    ]) }}
{%- endmacro %}
