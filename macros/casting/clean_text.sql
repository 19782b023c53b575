{% macro clean_text(expr) -%}
    {#-
        `expr` as text without leading or trailing spaces, tabs, carriage returns and line feeds;
        an empty value becomes null. The first step for every raw column.
    -#}
    {{ return(adapter.dispatch('clean_text', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__clean_text(expr) -%}
    nullif({{ northstar.trim_whitespace(northstar.as_text(expr)) }}, '')
{%- endmacro %}

{% macro duckdb__clean_text(expr) -%}
    {#- Same result; trims only values that start or end with a blank or control character
        (cheaper on millions of rows: most values need no trimming). -#}
    {%- set value = northstar.as_text(expr) -%}
    case
        when {{ value }} = '' then null
        when ascii({{ value }}) <= 32 or ascii(substr({{ value }}, -1)) <= 32
            then nullif({{ northstar.trim_whitespace(value) }}, '')
        else {{ value }}
    end
{%- endmacro %}
