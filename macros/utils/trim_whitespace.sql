{% macro trim_whitespace(expr) -%}
    {#- `expr` without leading and trailing spaces, tabs, carriage returns and line feeds. -#}
    {{ return(adapter.dispatch('trim_whitespace', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__trim_whitespace(expr) -%}
    trim(both ' ' || chr(9) || chr(10) || chr(13) from {{ expr }})
{%- endmacro %}

{% macro duckdb__trim_whitespace(expr) -%}
    trim({{ expr }}, ' ' || chr(9) || chr(10) || chr(13))
{%- endmacro %}

{% macro postgres__trim_whitespace(expr) -%}
    btrim({{ expr }}, ' ' || chr(9) || chr(10) || chr(13))
{%- endmacro %}
