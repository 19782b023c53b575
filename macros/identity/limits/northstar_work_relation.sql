{% macro northstar_work_relation(suffix) -%}
    {#- A work table beside the model being built: <model>__<suffix>, same schema. -#}
    {{ return(api.Relation.create(
        database=this.database,
        schema=this.schema,
        identifier=this.identifier ~ '__' ~ suffix,
        type='table',
    )) }}
{%- endmacro %}
