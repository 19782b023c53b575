{% macro currency_checks(field, text_column, known_column) -%}
    {#-
        Row checks (for row_reject_check) of a currency code: empty, or not in the currencies seed.
        `text_column` is the cleaned, upper-cased code; `known_column` the seed's currency_code
        left-joined on it (null when the code is unknown).
    -#}
    {{ return([
        {'field': field, 'code': 'missing_value', 'when': text_column ~ ' is null'},
        {
            'field': field,
            'code': 'unknown_currency',
            'when': known_column ~ ' is null',
            'value': text_column,
        },
    ]) }}
{%- endmacro %}
