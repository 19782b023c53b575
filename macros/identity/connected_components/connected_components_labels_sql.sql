{% macro connected_components_labels_sql(edges, multiplier, increment) -%}
    {#-
        One round's labels: every node of the working edges takes the member of its closed
        neighbourhood (itself and its neighbours) with the smallest round hash. The hash is a
        bijection, so there are no ties, and the label is always a node id. Self loops (which
        only declare a node) take no part: a node without a real edge is its own component.
    -#}
    with neighbours as (
        select
            node_a as node_id,
            node_b as candidate
        from {{ edges }}
        where node_a <> node_b
        union all
        select
            node_b as node_id,
            node_a as candidate
        from {{ edges }}
        where node_a <> node_b
    ),

    smallest as (
        select
            node_id,
            min({{ connected_components_hash_key('candidate', multiplier, increment) }})
                as packed
        from neighbours
        group by node_id
    )

    select
        node_id,
        cast(
            least(packed, {{ connected_components_hash_key('node_id', multiplier, increment) }})
            % 2147483648
            as {{ dbt.type_int() }}
        ) as label
    from smallest
{%- endmacro %}
