{% macro as_text(expr) -%}
    {#- `expr` cast to the warehouse's string type, untouched otherwise. -#}
    cast({{ expr }} as {{ dbt.type_string() }})
{%- endmacro %}
