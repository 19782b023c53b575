{% macro run_started_at_timestamp() -%}
    {#-
        The moment this dbt invocation started, in UTC, as a timestamp literal: the same value in
        every model of one run, whatever the session time zone.
    -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
