{% macro northstar_schemas() -%}
    {#- The schemas Northstar uses, with the same names on every target. -#}
    {{ return(['raw', 'staging', 'intermediate', 'marts', 'audit', 'reverse_etl', 'truth']) }}
{%- endmacro %}
