{% macro in_values(expr, values) -%}
    {#- `expr in (...)` for a list of plain string values. -#}
    {{ expr }} in (
        {%- for value in values -%}
            '{{ value }}'{{ ", " if not loop.last }}
        {%- endfor -%}
    )
{%- endmacro %}
