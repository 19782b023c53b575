{% macro inline_cte() -%}
    {#-
        Put between `name as` and `(` of a CTE that several branches of a union read, each only
        a few of its columns: the warehouse reads the relation once per branch instead of first
        copying all of it (DuckDB and PostgreSQL otherwise materialise a CTE used more than
        once).
    -#}
    {{ return(adapter.dispatch('inline_cte', 'northstar')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    not materialized
{%- endmacro %}

{% macro postgres__inline_cte() -%}
    not materialized
{%- endmacro %}
