{#-
    Everything staging could not stage, one row per rejected raw row (reject_level 'row': the
    record is not staged) or rejected value (reject_level 'value': the record is staged without
    it), with the reason and the raw row as landed. Rows come from the base models of every raw
    table listed in staging_tables(). A value is reported for every accepted row
    that carried it, superseded versions included; identical reports (duplicate deliveries) are
    reported once.
-#}
{%- set tables = northstar.staging_tables() -%}

with

{% for table in tables %}
{{ table.source_table }}_rejects as (
    select * from {{ ref(table.base_model) }}
    where raw_values is not null
),

{% endfor -%}

row_rejects as (
    {%- for table in tables %}
    select
        '{{ table.source_table }}' as source_table,
        record_key,
        'row' as reject_level,
        reject_field as field,
        reject_code as reason_code,
        reject_reason as reason,
        raw_values
    from {{ table.source_table }}_rejects
    where reject_code is not null
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

value_rejects as (
    {%- for table in tables %}
    {%- set outer_loop = loop %}
    {%- for field in table.value_fields %}
    select distinct
        '{{ table.source_table }}' as source_table,
        record_key,
        'value' as reject_level,
        '{{ field }}' as field,
        {{ field }}_reject_code as reason_code,
        {{ field }}_reject_reason as reason,
        raw_values
    from {{ table.source_table }}_rejects
    where reject_code is null and {{ field }}_reject_code is not null
    {%- if not (outer_loop.last and loop.last) %}

    union
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

final as (
    select
        source_table,
        record_key,
        reject_level,
        field,
        reason_code,
        reason,
        raw_values,
        {{ northstar.run_started_at_timestamp() }} as detected_at
    from row_rejects

    union all

    select
        source_table,
        record_key,
        reject_level,
        field,
        reason_code,
        reason,
        raw_values,
        {{ northstar.run_started_at_timestamp() }} as detected_at
    from value_rejects
)

select * from final
