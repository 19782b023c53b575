{% macro phone_international_digits(dial_string, region) -%}
    {#-
        A dial string (phone_dial_string) -> calling code + national number as digits, read with the
        dialing rules of the record's region: `region` is the alias of a country_dialing_rules row
        joined on the record's country (else the source's default region). A leading '+' or the
        region's international prefix (00, 011, 0011) means the number is international already;
        otherwise the region's trunk prefix is dropped and its calling code put in front. Null when
        a national number has no region to read it with.
    -#}
    {{ return(adapter.dispatch('phone_international_digits', 'northstar')(dial_string, region)) }}
{%- endmacro %}

{% macro default__phone_international_digits(dial_string, region) -%}
    {%- set international_prefix = region ~ '.international_prefix' -%}
    {%- set trunk_prefix = region ~ '.trunk_prefix' -%}
    case
        when left({{ dial_string }}, 1) = '+' then substr({{ dial_string }}, 2)
        when {{ region }}.country_code is null then null
        when
            left({{ dial_string }}, length({{ international_prefix }}))
            = {{ international_prefix }}
            then substr({{ dial_string }}, length({{ international_prefix }}) + 1)
        when left({{ dial_string }}, length({{ trunk_prefix }})) = {{ trunk_prefix }}
            then {{ region }}.calling_code
            || substr({{ dial_string }}, length({{ trunk_prefix }}) + 1)
        else {{ region }}.calling_code || {{ dial_string }}
    end
{%- endmacro %}
