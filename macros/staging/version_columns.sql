{% macro version_columns(key, version_order, tie_break_text, tie_break_other=[]) -%}
    {#-
        version_rank and version_count of each accepted row (reject_code null) among the
        accepted rows sharing its `key`: rank 1 is the version staging keeps - the first by
        `version_order` (e.g. 'updated_at desc nulls last', or none), ties broken by the
        row's own values (tie_break_order of `tie_break_text` and `tie_break_other`, which must
        determine every staged column), never by load order. Both are null for rejected rows.
    -#}
    {%- set order_items = [] -%}
    {%- if version_order -%}
        {%- do order_items.append(version_order) -%}
    {%- endif -%}
    {%- do order_items.append(northstar.tie_break_order(tie_break_text, tie_break_other)) -%}
    case
        when reject_code is null
            then row_number() over (
                partition by {{ key }}, reject_code is null
                order by {{ order_items | join(', ') }}
            )
    end as version_rank,
    case
        when reject_code is null
            then count(*) over (partition by {{ key }}, reject_code is null)
    end as version_count
{%- endmacro %}
