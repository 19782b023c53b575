{% macro connected_components_result_sql(composed, components) -%}
    {#- Every node with its component, named after the component's smallest node id. -#}
    select
        cast(composed.node_id as {{ dbt.type_bigint() }}) as node_id,
        cast(components.component_id as {{ dbt.type_bigint() }}) as component_id
    from {{ composed }} as composed
    inner join {{ components }} as components on composed.label = components.label
{%- endmacro %}
