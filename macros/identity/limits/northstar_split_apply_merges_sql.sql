{% macro northstar_split_apply_merges_sql(labels, merges) -%}
    {{ return(adapter.dispatch('northstar_split_apply_merges_sql', 'northstar')(labels, merges)) }}
{%- endmacro %}

{% macro default__northstar_split_apply_merges_sql(labels, merges) -%}
    {#- Relabel both merged groups to the smaller label (one merge per component at a time). -#}
    update {{ labels }} as labels
    set label = merges.new_label
    from {{ merges }} as merges
    where labels.label = merges.src_label or labels.label = merges.dst_label
{%- endmacro %}
