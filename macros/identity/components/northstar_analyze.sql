{% macro northstar_analyze(relation) -%}
    {#- Refresh planner statistics of a freshly built work table where the warehouse needs it. -#}
    {{ return(adapter.dispatch('northstar_analyze', 'northstar')(relation)) }}
{%- endmacro %}

{% macro default__northstar_analyze(relation) -%}
{%- endmacro %}

{% macro postgres__northstar_analyze(relation) -%}
    {% do run_query("analyze " ~ relation) %}
{%- endmacro %}
