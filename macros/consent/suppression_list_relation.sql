{% macro suppression_list_relation() -%}
    {#-
        marts.suppression_list as it stands before this run, or none when it does not exist yet
        (a fresh warehouse; parsing). Identity reads it this way, not through ref(): the list is
        computed from identity's own output, and it must outlive the rows it came from.
    -#}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(
        database=target.database,
        schema=generate_schema_name('marts', none) | trim,
        identifier='suppression_list',
    )) }}
{%- endmacro %}
