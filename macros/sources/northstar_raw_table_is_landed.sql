{% macro northstar_raw_table_is_landed(table_name) -%}
    {#- True when raw.northstar_landed_tables lists `table_name`: real data was landed there. -#}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set marker = adapter.get_relation(
        database=target.database, schema='raw', identifier='northstar_landed_tables'
    ) -%}
    {%- if marker is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set result = run_query(
        "select count(*) from " ~ marker ~ " where table_name = '" ~ table_name ~ "'"
    ) -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}
