-- Shown in Dagster as an asset check of reconciliation (a singular test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'reconciliation'}}}) }}
-- Every raw row is accounted for: raw = staged + rejected + duplicates removed, recomputed here
-- rather than trusting is_balanced, for every raw table staging reads.
{%- set tables = northstar.staging_tables() %}

with

reconciliation as (
    select * from {{ ref('reconciliation') }}
),

expected_tables as (
    {%- for table in tables %}
    select '{{ table.source_table }}' as source_table
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

problems as (
    select
        expected_tables.source_table,
        reconciliation.raw_rows,
        reconciliation.staged_rows,
        reconciliation.rejected_rows,
        reconciliation.duplicate_rows_removed
    from expected_tables
    left join reconciliation
        on expected_tables.source_table = reconciliation.source_table
    where
        reconciliation.source_table is null
        or reconciliation.raw_rows
        <> reconciliation.staged_rows
        + reconciliation.rejected_rows
        + reconciliation.duplicate_rows_removed
)

select * from problems
