{% macro northstar_cc_result_sql(nodes, composed) -%}
    {#- Every node with its component, named after the component's smallest node id. -#}
    with labelled as (
        select
            nodes.node_id,
            {%- if composed is none %}
            nodes.node_id as label
            {%- else %}
            coalesce(composed.label, nodes.node_id) as label
            {%- endif %}
        from {{ nodes }} as nodes
        {%- if composed is not none %}
        left join {{ composed }} as composed on nodes.node_id = composed.node_id
        {%- endif %}
    )

    select
        cast(node_id as bigint) as node_id,
        cast(min(node_id) over (partition by label) as bigint) as component_id
    from labelled
{%- endmacro %}
