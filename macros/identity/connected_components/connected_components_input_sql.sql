{% macro connected_components_input_sql(edges_sql) -%}
    {#-
        The model's edges as integer pairs, read once. An end that is null or outside
        0 .. 2^31 - 2 becomes null, which the materialization reports and refuses.
    -#}
    select
        cast(
            case when src_node >= 0 and src_node < 2147483647 then src_node end
            as {{ dbt.type_int() }}
        ) as node_a,
        cast(
            case when dst_node >= 0 and dst_node < 2147483647 then dst_node end
            as {{ dbt.type_int() }}
        ) as node_b
    from (
        {{ edges_sql }}
    ) as model_edges
{%- endmacro %}
