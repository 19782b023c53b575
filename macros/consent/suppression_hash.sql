{% macro suppression_hash(value) -%}
    {#-
        Lower-case hex SHA-256 of a normalised identifier value (as staging normalises it), the
        only form in which a suppressed identifier is kept. When the environment sets
        NORTHSTAR_SUPPRESSION_KEY the hash is keyed: SHA-256 of key || value.
    -#}
    {%- set key = env_var('NORTHSTAR_SUPPRESSION_KEY', '') -%}
    {%- if key -%}
        {%- set value = dbt.concat([northstar.sql_string(key), value]) -%}
    {%- endif -%}
    {{ return(adapter.dispatch('suppression_hash', 'northstar')(value)) }}
{%- endmacro %}

{% macro default__suppression_hash(value) -%}
    sha256({{ value }})
{%- endmacro %}

{% macro postgres__suppression_hash(value) -%}
    encode(sha256(convert_to({{ value }}, 'UTF8')), 'hex')
{%- endmacro %}
