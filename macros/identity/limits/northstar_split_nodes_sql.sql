{% macro northstar_split_nodes_sql(edges) -%}
    {#- One row per node of the over-limit components, with its type and that type's limit. -#}
    select
        node_id,
        min(component_id) as component_id,
        min(type_key) as type_key,
        min(type_limit) as type_limit
    from (
        select component_id, src_node as node_id, src_type_key as type_key,
            src_type_limit as type_limit
        from {{ edges }}
        union all
        select component_id, dst_node as node_id, dst_type_key as type_key,
            dst_type_limit as type_limit
        from {{ edges }}
    ) as ends
    group by node_id
{%- endmacro %}
