{% macro reject_reason_text(code, field, level, value=none, hint=none) -%}
    {#-
        A SQL expression for the sentence the quarantine shows for a reject: what is wrong with
        `field`, what staging did (`level` 'row': the record is not staged; 'value': it is staged
        without the value) and how to fix it. `value` is a SQL expression of the offending text,
        quoted where the sentence names it (never pass a PII column); `hint` is extra plain text.
    -#}
    {%- set templates = {
        'missing_key': '{field} is empty, and a record without its key cannot be staged',
        'malformed_key':
            '{field} {value} is not a usable key (it holds whitespace or control characters)',
        'missing_value': '{field} is empty but required',
        'not_a_timestamp':
            '{field} {value} is not a timestamp (expected YYYY-MM-DD HH:MM:SS in UTC, or ISO 8601)',
        'not_a_decimal':
            "{field} {value} is not a decimal number (expected digits and a '.' decimal point)",
        'not_an_integer': '{field} {value} is not a whole number',
        'not_a_boolean': '{field} {value} is not a boolean (expected true or false)',
        'negative_quantity': '{field} {value} is negative; a quantity must be zero or more',
        'unknown_currency':
            '{field} {value} is not a currency listed in seeds/reference/currencies.csv',
        'unknown_value': '{field} {value} is not one of the accepted values',
        'not_a_country_code': '{field} {value} is not an ISO 3166-1 alpha-2 country code',
        'invalid_subject_value': '{field} is not a valid identifier of its subject_type',
        'invalid_email': '{field} is not a valid email address',
        'placeholder_value': "{field} holds a placeholder such as 'n/a' or 'unknown', not a value",
        'invalid_phone':
            '{field} is not a phone number (only digits, spaces and + ( ) - . / are allowed)',
        'phone_unknown_country':
            '{field} is in national format, and its country {value} has no row in'
            ~ ' seeds/reference/country_dialing_rules.csv',
        'phone_unknown_calling_code':
            '{field} has a country calling code with no row in'
            ~ ' seeds/reference/country_dialing_rules.csv',
        'phone_invalid_length':
            "{field} has the wrong number of digits for its country's phone numbers",
    } -%}
    {%- set outcomes = {
        'row': 'the record is not staged',
        'value': 'the record is staged without this value',
    } -%}
    {%- if code not in templates -%}
        {{ exceptions.raise_compiler_error(
            "reject_reason_text: unknown reject code '" ~ code ~ "'"
        ) }}
    {%- endif -%}
    {%- set sentence = templates[code] | replace('{field}', field) -%}
    {%- if hint -%}
        {%- set sentence = sentence ~ ' (' ~ hint ~ ')' -%}
    {%- endif -%}
    {%- set sentence = sentence ~ '; ' ~ outcomes[level] ~ '; fix the value upstream' -%}
    {%- set sentence = sentence | replace("'", "''") -%}
    {%- if value is none or '{value}' not in sentence -%}
        '{{ sentence | replace(' {value}', '') }}'
    {%- else -%}
        {%- set parts = sentence.split('{value}', 1) -%}
        '{{ parts[0] }}''' || coalesce(left({{ value }}, 100), '') || '''{{ parts[1] }}'
    {%- endif -%}
{%- endmacro %}
