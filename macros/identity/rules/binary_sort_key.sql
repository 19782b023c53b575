{% macro binary_sort_key(expr) -%}
    {#-
        `expr` as a sort key that orders text by its bytes on every warehouse, so a tie broken
        "by value" is broken the same way on DuckDB and on a PostgreSQL with a linguistic collation.
    -#}
    {{ return(adapter.dispatch('binary_sort_key', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__binary_sort_key(expr) -%}
    {{ expr }}
{%- endmacro %}

{% macro postgres__binary_sort_key(expr) -%}
    {{ expr }} collate "C"
{%- endmacro %}
