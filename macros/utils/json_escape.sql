{% macro json_escape(expr) -%}
    {#-
        `expr` (text) escaped for use inside a JSON string: backslash, double quote, tab,
        carriage return and line feed (chr(92) is the backslash, spelt out so that no dialect
        reads it as an escape).
    -#}
    {{ return(adapter.dispatch('json_escape', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__json_escape(expr) -%}
    replace(replace(replace(replace(replace(
        {{ expr }},
        chr(92), chr(92) || chr(92)),
        '"', chr(92) || '"'),
        chr(9), chr(92) || 't'),
        chr(13), chr(92) || 'r'),
        chr(10), chr(92) || 'n')
{%- endmacro %}
