{% macro safe_cast_decimal(expr, precision=18, scale=2) -%}
    {#-
        Text to decimal(precision, scale), or null when it is not a plain decimal number (never an
        error): optional sign, a '.' as decimal point, no thousands separators or exponent, at most
        precision - scale integer digits. Extra fraction digits are rounded half away from zero.
        Reads the text as it is: pass clean_text() output.
    -#}
    {{ return(adapter.dispatch('safe_cast_decimal', 'northstar')(expr, precision, scale)) }}
{%- endmacro %}

{% macro default__safe_cast_decimal(expr, precision=18, scale=2) -%}
    case
        when {{ northstar.regexp_like(
            expr, '^[+-]?([0-9]{1,' ~ (precision - scale) ~ '}([.][0-9]*)?|[.][0-9]+)$'
        ) }}
            then cast({{ expr }} as decimal({{ precision }}, {{ scale }}))
    end
{%- endmacro %}
