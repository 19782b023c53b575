{% macro connected_components_stats_sql(components, rounds, seconds, row_count, edge_count) -%}
    {#-
        The build's figures: rounds, seconds, rows of the model's SQL, edges (rows between two
        different nodes), nodes, components and the largest component's size.
    -#}
    select
        cast({{ rounds }} as {{ dbt.type_int() }}) as rounds,
        cast({{ seconds }} as {{ dbt.type_numeric() }}) as seconds,
        cast({{ row_count }} as {{ dbt.type_bigint() }}) as input_rows,
        cast({{ edge_count }} as {{ dbt.type_bigint() }}) as edges,
        cast(coalesce(sum(node_count), 0) as {{ dbt.type_bigint() }}) as nodes,
        cast(count(*) as {{ dbt.type_bigint() }}) as components,
        cast(coalesce(max(node_count), 0) as {{ dbt.type_bigint() }}) as largest_component
    from {{ components }}
{%- endmacro %}
