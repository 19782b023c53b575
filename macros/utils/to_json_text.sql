{% macro to_json_text(columns, prefix='') -%}
    {#-
        A JSON object (as text) of text columns: keys are the names in `columns`, values are read
        from `prefix ~ name`. Built from plain string functions so that every warehouse writes the
        same bytes (keys in the given order, no whitespace, null for missing values).
    -#}
    {{ return(adapter.dispatch('to_json_text', 'northstar')(columns, prefix)) }}
{%- endmacro %}

{% macro default__to_json_text(columns, prefix='') -%}
    '{'
    {%- for column in columns %}
    || '{{ "," if not loop.first }}"{{ column }}":'
    || coalesce('"' || {{ northstar.json_escape(prefix ~ column) }} || '"', 'null')
    {%- endfor %}
    || '}'
{%- endmacro %}
