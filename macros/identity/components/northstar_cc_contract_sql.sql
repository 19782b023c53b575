{% macro northstar_cc_contract_sql(edges, labels) -%}
    {#- The next round's edges: between the labels of the two ends, self loops and repeats gone. -#}
    with relabelled as (
        select
            label_a.label as label_a,
            label_b.label as label_b
        from {{ edges }} as edges
        inner join {{ labels }} as label_a on edges.node_a = label_a.node_id
        inner join {{ labels }} as label_b on edges.node_b = label_b.node_id
    )

    select distinct
        case when label_a < label_b then label_a else label_b end as node_a,
        case when label_a < label_b then label_b else label_a end as node_b
    from relabelled
    where label_a <> label_b
{%- endmacro %}
