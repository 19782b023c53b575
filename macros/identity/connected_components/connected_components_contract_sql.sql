{% macro connected_components_contract_sql(edges, labels) -%}
    {#-
        The next round's edges: each edge between the labels of its ends, smaller label first;
        edges inside one label (finished components) and repeats are dropped.
    -#}
    select distinct
        least(labels_a.label, labels_b.label) as node_a,
        greatest(labels_a.label, labels_b.label) as node_b
    from {{ edges }} as edges
    inner join {{ labels }} as labels_a on edges.node_a = labels_a.node_id
    inner join {{ labels }} as labels_b on edges.node_b = labels_b.node_id
    where labels_a.label <> labels_b.label
{%- endmacro %}
