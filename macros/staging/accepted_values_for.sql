{% macro accepted_values_for(enum_name) -%}
    {#-
        The values staging accepts for an enumerated raw column (compared trimmed and lower-cased);
        anything else rejects the row. Consent purposes are not here: they come from the
        consent_purposes seed.
    -#}
    {%- set enums = {
        'web_event_type': ['page', 'track', 'identify'],
        'esp_event_type': [
            'sent', 'delivered', 'open', 'click', 'bounce', 'unsubscribe', 'spam_complaint'
        ],
        'consent_subject_type': [
            'email', 'phone', 'shop_customer_id', 'crm_contact_id', 'anonymous_id'
        ],
        'consent_channel': ['email', 'sms', 'phone', 'push', 'web', 'any'],
        'consent_action': [
            'grant', 'deny', 'withdraw', 'doi_pending', 'doi_confirm',
            'object_direct_marketing', 'opt_out_sale_share'
        ],
        'privacy_request_type': [
            'erasure', 'access', 'object_direct_marketing', 'opt_out_sale_share'
        ],
    } -%}
    {%- if enum_name not in enums -%}
        {{ exceptions.raise_compiler_error(
            "accepted_values_for: unknown enum '" ~ enum_name ~ "'"
        ) }}
    {%- endif -%}
    {{ return(enums[enum_name]) }}
{%- endmacro %}
