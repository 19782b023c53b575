{% macro phone_e164(international_digits, plan) -%}
    {#-
        Calling code + national number as digits (phone_international_digits) -> '+' E.164, or
        null when it cannot be valid: `plan` is the alias of a phone_numbering_plan() row joined on
        the first three digits, which names the calling code and the national number's length
        range. A trunk prefix written after the calling code ('+49 030 ...') is dropped, as dialling
        it would be; a calling code missing from country_dialing_rules gives null.
    -#}
    {{ return(adapter.dispatch('phone_e164', 'northstar')(international_digits, plan)) }}
{%- endmacro %}

{% macro default__phone_e164(international_digits, plan) -%}
    {%- set national -%}
        substr({{ international_digits }}, length({{ plan }}.calling_code) + 1)
    {%- endset -%}
    {%- set trunk_prefix = plan ~ '.trunk_prefix' -%}
    {%- set national_number -%}
        case
            when left({{ national }}, length({{ trunk_prefix }})) = {{ trunk_prefix }}
                then substr({{ national }}, length({{ trunk_prefix }}) + 1)
            else {{ national }}
        end
    {%- endset -%}
    case
        when length({{ national_number }})
            between {{ plan }}.national_min_length and {{ plan }}.national_max_length
            then '+' || {{ plan }}.calling_code || {{ national_number }}
    end
{%- endmacro %}
