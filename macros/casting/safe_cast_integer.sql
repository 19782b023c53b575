{% macro safe_cast_integer(expr) -%}
    {#-
        Text to integer, or null when it is not one (never an error): optional sign, up to nine
        digits, an all-zero fraction allowed ('3', '+3', '-3', '3.0'). Like every safe cast it
        reads the text as it is: pass clean_text() output (whitespace around makes it invalid).
    -#}
    {{ return(adapter.dispatch('safe_cast_integer', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__safe_cast_integer(expr) -%}
    case
        when {{ northstar.regexp_like(expr, '^[+-]?[0-9]{1,9}([.]0*)?$') }}
            then cast(split_part({{ expr }}, '.', 1) as {{ dbt.type_int() }})
    end
{%- endmacro %}
