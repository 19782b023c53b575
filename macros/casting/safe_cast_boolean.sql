{% macro safe_cast_boolean(expr) -%}
    {#-
        Text to boolean, or null when it is not one (never an error): true/false, t/f, yes/no,
        y/n and 1/0, in any case. Reads the text as it is: pass clean_text() output.
    -#}
    {{ return(adapter.dispatch('safe_cast_boolean', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__safe_cast_boolean(expr) -%}
    case
        when lower({{ expr }}) in ('true', 't', 'yes', 'y', '1') then true
        when lower({{ expr }}) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}
