{% macro row_fingerprint(columns, prefix='') -%}
    {#-
        An md5 hex digest of the text values of `columns` (read from `prefix ~ column`, in order;
        null and empty differ), the same on every warehouse. Used as the last, deterministic
        tie-break between versions of a record, so that no result depends on load order.
    -#}
    {{ return(adapter.dispatch('row_fingerprint', 'northstar')(columns, prefix)) }}
{%- endmacro %}

{% macro default__row_fingerprint(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce('=' || " ~ prefix ~ column ~ ", '~')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}
