{% macro northstar_cc_labels_sql(edges, multiplier, increment) -%}
    {#-
        One round's labels: each node of the working edges takes the neighbour (or itself) with
        the smallest hash (node * multiplier + increment) mod (2^31 - 1), a bijection on node ids
        below 2^31 - 1. The hash and the node are packed into one bigint (hash * 2^31 + node) so
        a plain min() picks the winner on every warehouse.
    -#}
    with neighbourhood as (
        select node_a as node_id, node_b as candidate from {{ edges }}
        union all
        select node_b as node_id, node_a as candidate from {{ edges }}
        union all
        select node_a as node_id, node_a as candidate from {{ edges }}
        union all
        select node_b as node_id, node_b as candidate from {{ edges }}
    )

    select
        node_id,
        min(
            ((candidate * {{ multiplier }} + {{ increment }}) % 2147483647) * 2147483648
            + candidate
        ) % 2147483648 as label
    from neighbourhood
    group by node_id
{%- endmacro %}
