{% macro identity_value_matches(value, pattern) -%}
    {#- True when `value` matches the regular expression `pattern` (both SQL expressions). -#}
    {{ return(adapter.dispatch('identity_value_matches', 'northstar')(value, pattern)) }}
{%- endmacro %}

{% macro default__identity_value_matches(value, pattern) -%}
    regexp_matches({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__identity_value_matches(value, pattern) -%}
    ({{ value }} ~ {{ pattern }})
{%- endmacro %}
