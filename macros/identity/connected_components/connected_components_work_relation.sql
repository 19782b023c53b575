{% macro connected_components_work_relation(suffix) -%}
    {#- The work table `<model>__cc_<suffix>` of the model being built. -#}
    {{ return(adapter.dispatch('connected_components_work_relation', 'northstar')(suffix)) }}
{%- endmacro %}

{% macro default__connected_components_work_relation(suffix) -%}
    {#- A table beside the model: it survives across connections on every adapter. -#}
    {{ return(api.Relation.create(
        database=this.database,
        schema=this.schema,
        identifier=this.identifier ~ '__cc_' ~ suffix,
        type='table',
    )) }}
{%- endmacro %}

{% macro duckdb__connected_components_work_relation(suffix) -%}
    {#- A temporary table (no database, no schema): the whole build runs on one connection. -#}
    {{ return(api.Relation.create(identifier=this.identifier ~ '__cc_' ~ suffix, type='table')) }}
{%- endmacro %}
