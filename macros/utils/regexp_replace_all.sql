{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {#- `expr` with every match of `pattern` replaced by `replacement`. -#}
    {{ return(adapter.dispatch('regexp_replace_all', 'northstar')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
