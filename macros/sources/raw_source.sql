{% macro raw_source(source_name, table_name) -%}
    {#-
        The raw table `table_name` of `source_name`, as a relation. Staging models call this instead
        of source() so that, while the demo dataset is on (var northstar_demo_data), dbt orders the
        demo seed that lands the table before the model reading it. Both resolve to raw.<table_name>.
    -#}
    {%- if var('northstar_demo_data', true) | as_bool -%}
        {%- do ref(table_name) -%}
    {%- endif -%}
    {{ return(source(source_name, table_name)) }}
{%- endmacro %}
