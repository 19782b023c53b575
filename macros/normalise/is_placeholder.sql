{% macro is_placeholder(expr) -%}
    {#-
        True when `expr` (trimmed text, any case) is one of placeholder_values(). A regular
        expression rather than an IN list, so that it is evaluated only where a CASE reaches it.
    -#}
    {%- set alternatives = [] -%}
    {%- for value in northstar.placeholder_values() -%}
        {%- do alternatives.append(value | replace('.', '[.]') | replace('?', '[?]')) -%}
    {%- endfor -%}
    {{ northstar.regexp_like('lower(' ~ expr ~ ')', '^(' ~ alternatives | join('|') ~ ')$') }}
{%- endmacro %}
