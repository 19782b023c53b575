{% macro source_default_region(source_table) -%}
    {#-
        The default country of a raw table's phone numbers (seed source_default_regions), as a
        scalar subquery evaluated once per query: used when a record carries no country of its own.
    -#}
    (
        select max(default_country_code)
        from {{ ref('source_default_regions') }}
        where source_table = '{{ source_table }}'
    )
{%- endmacro %}
