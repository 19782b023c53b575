{% macro connected_components_count(relation) -%}
    {#- Number of rows of `relation`, as an integer. -#}
    {{ return(run_query("select count(*) from " ~ relation).columns[0].values()[0] | int) }}
{%- endmacro %}
