{% macro table_compression(mode) -%}
    {#-
        A hook statement choosing how the tables built next are compressed: 'uncompressed' for
        work tables rebuilt on every run (DuckDB spends most of a large table's write in
        compression analysis), 'auto' to return to the default. No-op where it means nothing.
    -#}
    {{ return(adapter.dispatch('table_compression', 'northstar')(mode)) }}
{%- endmacro %}

{% macro default__table_compression(mode) -%}
    select 1 as table_compression_unchanged
{%- endmacro %}

{% macro duckdb__table_compression(mode) -%}
    set force_compression = '{{ mode }}'
{%- endmacro %}
