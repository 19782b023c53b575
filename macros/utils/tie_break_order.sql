{% macro tie_break_order(text_columns, other_columns=[]) -%}
    {#-
        ORDER BY items that make an ordering total and the same on every warehouse: each column
        ascending with nulls last, text compared byte by byte (PostgreSQL's collation would
        otherwise order text differently from DuckDB). Put after the real ordering (e.g. the
        version time) to break its ties deterministically, so that no result depends on the
        order rows were loaded in. `text_columns` are text, `other_columns` numbers, booleans or
        timestamps.
    -#}
    {{ return(adapter.dispatch('tie_break_order', 'northstar')(text_columns, other_columns)) }}
{%- endmacro %}

{% macro default__tie_break_order(text_columns, other_columns=[]) -%}
    {%- set items = [] -%}
    {%- for column in text_columns + other_columns -%}
        {%- do items.append(column ~ ' nulls last') -%}
    {%- endfor -%}
    {{ items | join(', ') }}
{%- endmacro %}

{% macro postgres__tie_break_order(text_columns, other_columns=[]) -%}
    {%- set items = [] -%}
    {%- for column in text_columns -%}
        {%- do items.append(column ~ ' collate "C" nulls last') -%}
    {%- endfor -%}
    {%- for column in other_columns -%}
        {%- do items.append(column ~ ' nulls last') -%}
    {%- endfor -%}
    {{ items | join(', ') }}
{%- endmacro %}
