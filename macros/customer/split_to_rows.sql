{% macro split_to_rows(expr, delimiter) -%}
    {#-
        A set-returning select-list expression: one row per element of the text `expr` split at
        `delimiter` (a literal), elements untrimmed and empty ones kept. Use it alone in a
        select list next to plain columns: `select id, {{ split_to_rows('tags', "','") }} as tag`.
    -#}
    {{ return(adapter.dispatch('split_to_rows', 'northstar')(expr, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_rows(expr, delimiter) -%}
    {#- DuckDB and PostgreSQL both read this. -#}
    unnest(string_to_array({{ expr }}, {{ delimiter }}))
{%- endmacro %}
