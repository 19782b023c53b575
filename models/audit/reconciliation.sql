{#-
    Per raw table: raw rows = staged rows + rejected rows + duplicate rows removed. Each count is
    taken on its own: raw rows from the raw table itself (the one read of raw data outside the
    staging models, so that the proof does not rest on them), rejected rows from the quarantine,
    staged rows and duplicates from the staging model (each staged row counts the accepted
    versions of its record in version_count: duplicate deliveries and superseded versions alike).
    A row lost or multiplied anywhere on the way breaks the equation.
-#}
{%- set tables = northstar.staging_tables() -%}

with

quarantine as (
    select * from {{ ref('quarantine') }}
),

raw_counts as (
    {%- for table in tables %}
    select
        '{{ table.source_table }}' as source_table,
        count(*) as raw_rows
    from {{ raw_source(table.source, table.source_table) }}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

staged_counts as (
    {%- for table in tables %}
    select
        '{{ table.source_table }}' as source_table,
        count(*) as staged_rows,
        coalesce(sum(version_count), 0) - count(*) as duplicate_rows_removed
    from {{ ref(table.stg_model) }}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

rejected_counts as (
    select
        source_table,
        count(*) as rejected_rows
    from quarantine
    where reject_level = 'row'
    group by source_table
),

counts as (
    select
        raw_counts.source_table,
        raw_counts.raw_rows,
        staged_counts.staged_rows,
        staged_counts.duplicate_rows_removed,
        coalesce(rejected_counts.rejected_rows, 0) as rejected_rows
    from raw_counts
    inner join staged_counts
        on raw_counts.source_table = staged_counts.source_table
    left join rejected_counts
        on raw_counts.source_table = rejected_counts.source_table
),

final as (
    select
        source_table,
        raw_rows,
        staged_rows,
        rejected_rows,
        duplicate_rows_removed,
        raw_rows = staged_rows + rejected_rows + duplicate_rows_removed as is_balanced
    from counts
)

select * from final
