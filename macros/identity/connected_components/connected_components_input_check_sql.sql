{% macro connected_components_input_check_sql(edges) -%}
    {#-
        Rows of the input, how many of them join two different nodes (the graph's edges, repeats
        counted), and how many have an end that is null or out of range.
    -#}
    select
        count(*) as row_count,
        coalesce(sum(case when node_a <> node_b then 1 else 0 end), 0) as edge_count,
        coalesce(sum(case when node_a is null or node_b is null then 1 else 0 end), 0)
            as invalid_count
    from {{ edges }}
{%- endmacro %}
