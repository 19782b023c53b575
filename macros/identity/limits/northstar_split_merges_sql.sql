{% macro northstar_split_merges_sql(edges, nodes, labels, rank) -%}
    {#-
        The merges of one iteration: for each component's edge at `rank` whose ends are in
        different groups, join the groups unless together they would exceed a type's limit.
    -#}
    with ranked_edge as (
        select
            edges.component_id,
            src_label.label as src_label,
            dst_label.label as dst_label
        from {{ edges }} as edges
        inner join {{ labels }} as src_label on edges.src_node = src_label.node_id
        inner join {{ labels }} as dst_label on edges.dst_node = dst_label.node_id
        where edges.edge_rank = {{ rank }} and src_label.label <> dst_label.label
    ),

    members as (
        select ranked_edge.component_id, labels.node_id
        from ranked_edge
        inner join {{ labels }} as labels on ranked_edge.src_label = labels.label
        union all
        select ranked_edge.component_id, labels.node_id
        from ranked_edge
        inner join {{ labels }} as labels on ranked_edge.dst_label = labels.label
    ),

    over_limit as (
        select members.component_id
        from members
        inner join {{ nodes }} as nodes on members.node_id = nodes.node_id
        where nodes.type_limit is not null
        group by members.component_id, nodes.type_key
        having count(*) > min(nodes.type_limit)
    )

    select
        ranked_edge.src_label,
        ranked_edge.dst_label,
        case
            when ranked_edge.src_label < ranked_edge.dst_label then ranked_edge.src_label
            else ranked_edge.dst_label
        end as new_label
    from ranked_edge
    where ranked_edge.component_id not in (select over_limit.component_id from over_limit)
{%- endmacro %}
