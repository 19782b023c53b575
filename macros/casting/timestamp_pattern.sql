{% macro timestamp_pattern() -%}
    {#-
        The text grammar safe_cast_timestamp accepts; the calendar check (no 30 February) is left to
        the warehouse's own cast. Years 1000-9999, hours 00-23, seconds 00-59, 'T' or 't' or a
        space between date and time, 'Z'/'z' or an offset after the time.
    -#}
    {{ return(
        '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'
        ~ '([ Tt]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?'
        ~ '([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?$'
    ) }}
{%- endmacro %}
