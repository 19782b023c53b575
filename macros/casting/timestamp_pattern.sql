{% macro timestamp_pattern(offset='optional') -%}
    {#-
        The text grammar safe_cast_timestamp accepts; the calendar check (no 30 February) is left to
        the warehouse's own cast. Years 1000-9999, hours 00-23, seconds 00-59, 'T' or a space
        between date and time, optionally 'Z' or an offset (+HH, +HHMM, +HH:MM) after the time. `offset`: 'optional' (the whole grammar), 'none' (values without an offset) or
        'required' (values with one).
    -#}
    {%- set date_part = '[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' -%}
    {%- set time_part = '[ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?' -%}
    {%- set offset_part = '(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)' -%}
    {%- if offset == 'none' -%}
        {{ return('^' ~ date_part ~ '(' ~ time_part ~ ')?$') }}
    {%- elif offset == 'required' -%}
        {{ return('^' ~ date_part ~ time_part ~ offset_part ~ '$') }}
    {%- else -%}
        {{ return('^' ~ date_part ~ '(' ~ time_part ~ offset_part ~ '?)?$') }}
    {%- endif -%}
{%- endmacro %}
