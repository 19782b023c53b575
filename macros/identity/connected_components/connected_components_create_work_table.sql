{% macro connected_components_create_work_table(relation, sql) -%}
    {#-
        Creates the work table `relation` from `sql`, replacing any leftover of that name.
        Plain CTAS, not dbt's create_table_as: a model's contract or unlogged/indexes config
        must not apply to scratch tables.
    -#}
    {% do adapter.drop_relation(relation) %}
    {% do adapter.dispatch('connected_components_create_work_table', 'northstar')(relation, sql) %}
{%- endmacro %}

{% macro default__connected_components_create_work_table(relation, sql) -%}
    {% do run_query('create table ' ~ relation ~ ' as ' ~ sql) %}
{%- endmacro %}

{% macro postgres__connected_components_create_work_table(relation, sql) -%}
    {#- Unlogged: scratch data needs no WAL. Analysed, so the next round's joins plan well. -#}
    {% do run_query('create unlogged table ' ~ relation ~ ' as ' ~ sql) %}
    {% do run_query('analyze ' ~ relation) %}
{%- endmacro %}

{% macro duckdb__connected_components_create_work_table(relation, sql) -%}
    {#- Temporary: kept in memory (spilling if it must) instead of growing the database file. -#}
    {% do run_query('create temporary table ' ~ relation ~ ' as ' ~ sql) %}
{%- endmacro %}
