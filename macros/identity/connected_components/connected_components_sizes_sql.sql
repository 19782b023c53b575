{% macro connected_components_sizes_sql(composed) -%}
    {#- One row per component: its final label, its smallest node id and its size. -#}
    select
        label,
        min(node_id) as component_id,
        count(*) as node_count
    from {{ composed }}
    group by label
{%- endmacro %}
