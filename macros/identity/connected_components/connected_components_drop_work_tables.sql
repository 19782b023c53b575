{% macro connected_components_drop_work_tables(relations) -%}
    {#- Drops the work tables of a build (on success and before any error is raised). -#}
    {%- for relation in relations -%}
        {% do adapter.drop_relation(relation) %}
    {%- endfor -%}
{%- endmacro %}
