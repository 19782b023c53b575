{% macro staging_table(source_table) -%}
    {#- The staging_tables() entry of raw table `source_table`; a compile error if none. -#}
    {%- for table in northstar.staging_tables() -%}
        {%- if table.source_table == source_table -%}
            {{ return(table) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "staging_tables() has no raw table '" ~ source_table ~ "'"
    ) }}
{%- endmacro %}
