{% macro analyze_table() -%}
    {#-
        A post-hook statement that gathers planner statistics for the table just built, so the
        next model's joins are planned from real row counts. PostgreSQL plans a freshly created
        table blind until autovacuum gets to it (seen: a 100k-person identity model estimated at
        8 billion rows, planned as a nested loop, still running after 18 minutes; analysed, it
        takes seconds). Empty (no statement) for views and on warehouses that keep statistics
        as they write.
    -#}
    {{ return(adapter.dispatch('analyze_table', 'northstar')()) }}
{%- endmacro %}

{% macro default__analyze_table() -%}
{%- endmacro %}

{% macro postgres__analyze_table() -%}
    {%- if execute and model.config.materialized not in ['view', 'ephemeral'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
