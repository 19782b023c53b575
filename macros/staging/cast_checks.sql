{% macro cast_checks(field, text_column, typed_column, code, required=true) -%}
    {#-
        Checks of a typed column (for row_reject_columns, or value_reject_columns when the value is
        optional): empty when `required` ('missing_value'), then text the safe cast could not read
        (`code`: 'not_a_timestamp', 'not_a_decimal', 'not_an_integer', 'not_a_boolean', ...).
        `text_column` is the cleaned text, `typed_column` the safe cast's result.
    -#}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append(
            {'field': field, 'code': 'missing_value', 'when': text_column ~ ' is null'}
        ) -%}
    {%- endif -%}
    {%- do checks.append({
        'field': field,
        'code': code,
        'when': text_column ~ ' is not null and ' ~ typed_column ~ ' is null',
        'value': text_column,
    }) -%}
    {{ return(checks) }}
{%- endmacro %}
