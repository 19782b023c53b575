{% macro materialize_cte() -%}
    {#-
        Put between `name as` and `(` of a CTE whose columns later steps read many times.
        PostgreSQL inlines CTEs and shares no common subexpressions, so a normalised value used
        by later steps would be recomputed at every use (a phone's E.164 expression expands into
        dozens of regular-expression calls per row); `materialized` computes it once. DuckDB
        shares them already and streams faster without the fence, so there it renders nothing.
    -#}
    {{ return(adapter.dispatch('materialize_cte', 'northstar')()) }}
{%- endmacro %}

{% macro default__materialize_cte() -%}
{%- endmacro %}

{% macro postgres__materialize_cte() -%}
    materialized
{%- endmacro %}
