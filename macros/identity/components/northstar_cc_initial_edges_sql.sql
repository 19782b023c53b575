{% macro northstar_cc_initial_edges_sql(edges_sql) -%}
    {#- Distinct undirected edges (a < b) between different nodes. -#}
    select distinct
        case when src_node < dst_node then src_node else dst_node end as node_a,
        case when src_node < dst_node then dst_node else src_node end as node_b
    from ({{ edges_sql }}) as edges
    where src_node <> dst_node
{%- endmacro %}
