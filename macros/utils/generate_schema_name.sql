{#- Schemas have the same names on every target (raw, staging, intermediate, marts, audit,
    reverse_etl): a folder's `+schema` is used as it is, not prefixed with the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
