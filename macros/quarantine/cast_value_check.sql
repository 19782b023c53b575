{% macro cast_value_check(text_column, typed_column, code) -%}
    {#-
        The value check (for value_reject_checks) of an optional typed column: text that the safe
        cast (or normaliser) turned into null is dropped with `code` ('not_a_timestamp',
        'not_a_decimal', 'not_an_integer', 'not_a_boolean', 'not_a_country_code', ...), quoting it.
    -#}
    {{ return({
        'present': text_column,
        'ok': typed_column ~ ' is not null',
        'checks': [{'code': code, 'when': 'true', 'value': text_column}],
    }) }}
{%- endmacro %}
