{% macro connected_components_compose_sql(labels, later) -%}
    {#-
        A round's labels followed through the composition of all later rounds: node -> final
        label. A label that no later round saw (its component had finished) is final already.
    -#}
    select
        labels.node_id,
        coalesce(later.label, labels.label) as label
    from {{ labels }} as labels
    left join {{ later }} as later on labels.label = later.node_id
{%- endmacro %}
