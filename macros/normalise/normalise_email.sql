{% macro normalise_email(expr) -%}
    {#-
        An email as typed -> trimmed and lower-cased, or null when it is not a valid address
        (email_pattern(), at most 254 characters): empty values and staff placeholders ('n/a',
        'null', 'unknown', '-', ...) never match the pattern, so they give null too. Gmail
        folding is a separate step: fold_email().
    -#}
    {{ return(adapter.dispatch('normalise_email', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__normalise_email(expr) -%}
    {%- set value = 'lower(' ~ northstar.clean_text(expr) ~ ')' -%}
    case
        when {{ northstar.regexp_like(value, northstar.email_pattern()) }}
            and length({{ value }}) <= 254
            then {{ value }}
    end
{%- endmacro %}
