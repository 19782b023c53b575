{% macro phone_value_check(prefix, region_code) -%}
    {#-
        The value check (for value_reject_checks) of a phone normalised into the columns
        <prefix>_text, <prefix>_dial_string, <prefix>_international_digits, <prefix>_calling_code
        (the numbering plan's match) and <prefix>_e164: the reason names the step that failed.
        `region_code` is SQL of the country a national number was read with, named when it has no
        dialing rules. The number is PII: never quoted.
    -#}
    {{ return({
        'present': prefix ~ '_text',
        'ok': prefix ~ '_e164 is not null',
        'checks': [
            {'code': 'placeholder_value', 'when': northstar.is_placeholder(prefix ~ '_text')},
            {'code': 'invalid_phone', 'when': prefix ~ '_dial_string is null'},
            {
                'code': 'phone_unknown_country',
                'when': prefix ~ '_international_digits is null',
                'value': region_code,
            },
            {'code': 'phone_unknown_calling_code', 'when': prefix ~ '_calling_code is null'},
            {'code': 'phone_invalid_length', 'when': 'true'},
        ],
    }) }}
{%- endmacro %}
