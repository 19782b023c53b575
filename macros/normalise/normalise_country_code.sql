{% macro normalise_country_code(expr) -%}
    {#-
        A country as typed -> its ISO 3166-1 alpha-2 code in upper case, or null when it is not two
        letters ('de ' -> 'DE'; 'Germany' -> null). Whether the code exists is not checked here.
    -#}
    {{ return(adapter.dispatch('normalise_country_code', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__normalise_country_code(expr) -%}
    {%- set value = 'upper(' ~ northstar.trim_whitespace(northstar.as_text(expr)) ~ ')' -%}
    case when {{ northstar.regexp_like(value, '^[A-Z]{2}$') }} then {{ value }} end
{%- endmacro %}
