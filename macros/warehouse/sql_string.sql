{% macro sql_string(value) -%}
    {#- `value` (a Jinja string) as a SQL string literal, its single quotes doubled. -#}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
