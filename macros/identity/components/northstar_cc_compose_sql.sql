{% macro northstar_cc_compose_sql(labels, later) -%}
    {#- node -> final label: this round's label, followed through the later rounds' composition. -#}
    {%- if later is none %}
    select node_id, label from {{ labels }}
    {%- else %}
    select
        labels.node_id,
        coalesce(later.label, labels.label) as label
    from {{ labels }} as labels
    left join {{ later }} as later on labels.label = later.node_id
    {%- endif %}
{%- endmacro %}
