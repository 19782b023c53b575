-- Deduplication keeps one version of every accepted record: no key that passed the row checks
-- in a base model is missing from its staging model.
{%- set tables = northstar.staging_tables() %}

with

{% for table in tables -%}
{{ table.source_table }}_missing as (
    select
        '{{ table.source_table }}' as source_table,
        accepted.{{ table.key }} as record_key
    from {{ ref(table.base_model) }} as accepted
    left join {{ ref(table.stg_model) }} as staged
        on accepted.{{ table.key }} = staged.{{ table.key }}
    where accepted.reject_code is null and staged.{{ table.key }} is null
),

{% endfor -%}

problems as (
    {%- for table in tables %}
    select * from {{ table.source_table }}_missing
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from problems
