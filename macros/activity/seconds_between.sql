{% macro seconds_between(start_expr, end_expr) -%}
    {#- Whole seconds from `start_expr` to `end_expr` (timestamps), rounded down, as an integer. -#}
    {{ return(adapter.dispatch('seconds_between', 'northstar')(start_expr, end_expr)) }}
{%- endmacro %}

{% macro default__seconds_between(start_expr, end_expr) -%}
    cast({{ dbt.datediff(start_expr, end_expr, 'second') }} as integer)
{%- endmacro %}

{% macro duckdb__seconds_between(start_expr, end_expr) -%}
    cast(floor(epoch({{ end_expr }}) - epoch({{ start_expr }})) as integer)
{%- endmacro %}

{% macro postgres__seconds_between(start_expr, end_expr) -%}
    cast(floor(extract(epoch from ({{ end_expr }}) - ({{ start_expr }}))) as integer)
{%- endmacro %}
