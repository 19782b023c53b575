{% macro enum_checks(field, text_column, enum_name, required=true) -%}
    {#-
        Row checks (for row_reject_columns) of an enumerated column: empty when `required`, or not
        one of accepted_values_for(enum_name). `text_column` is its cleaned, lower-cased text.
    -#}
    {%- set values = northstar.accepted_values_for(enum_name) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append(
            {'field': field, 'code': 'missing_value', 'when': text_column ~ ' is null'}
        ) -%}
    {%- endif -%}
    {%- do checks.append({
        'field': field,
        'code': 'unknown_value',
        'when': 'not ' ~ northstar.in_values(text_column, values),
        'value': text_column,
        'hint': 'expected ' ~ values | join(', '),
    }) -%}
    {{ return(checks) }}
{%- endmacro %}
