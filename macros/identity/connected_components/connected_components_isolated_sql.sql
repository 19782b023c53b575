{% macro connected_components_isolated_sql(edges, labels) -%}
    {#-
        The nodes declared only by self loops (no real edge, so no label in round 0): each is a
        component of its own, labelled with itself.
    -#}
    select distinct
        edges.node_a as node_id,
        edges.node_a as label
    from {{ edges }} as edges
    left join {{ labels }} as labels on edges.node_a = labels.node_id
    where edges.node_a = edges.node_b and labels.node_id is null
{%- endmacro %}
