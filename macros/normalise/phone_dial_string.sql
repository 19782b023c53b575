{% macro phone_dial_string(expr) -%}
    {#-
        A phone as typed -> the digits that would be dialled, with a leading '+' kept: spaces,
        dashes, dots, slashes and brackets removed, and the '(0)' people write after a country
        code dropped ('+44 (0)20 7946 0958' -> '+442079460958'). Null when the value holds
        anything else (letters, a '+' that is not first) or no digit at all. First step of the
        E.164 normalisation (see phone_international_digits and phone_e164).
    -#}
    {{ return(adapter.dispatch('phone_dial_string', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__phone_dial_string(expr) -%}
    {%- set value = northstar.trim_whitespace(northstar.as_text(expr)) -%}
    case
        when {{ northstar.regexp_like(value, '^[+]?[0-9 ()./-]*[0-9][0-9 ()./-]*$') }}
            then
                case when left({{ value }}, 1) = '+' then '+' else '' end
                || {{ northstar.regexp_replace_all(
                    "replace(" ~ value ~ ", '(0)', '')", '[^0-9]', ''
                ) }}
    end
{%- endmacro %}
