{#-
    Per raw table: raw rows = staged rows + rejected rows + duplicate rows removed. Each count is
    taken on its own: raw rows from the raw table itself (the one read of raw data outside the
    staging models, so the proof does not rest on them), rejected rows from the quarantine,
    duplicates from the accepted rows of the base model (rows beyond the first per key:
    duplicate deliveries and superseded versions alike), staged rows from the staging model.
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

duplicate_counts as (
    {%- for table in tables %}
    select
        '{{ table.source_table }}' as source_table,
        count(*) - count(distinct {{ table.key }}) as duplicate_rows_removed
    from {{ ref(table.base_model) }}
    where reject_code is null
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

staged_counts as (
    {%- for table in tables %}
    select
        '{{ table.source_table }}' as source_table,
        count(*) as staged_rows
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
        duplicate_counts.duplicate_rows_removed,
        coalesce(rejected_counts.rejected_rows, 0) as rejected_rows
    from raw_counts
    inner join staged_counts
        on raw_counts.source_table = staged_counts.source_table
    inner join duplicate_counts
        on raw_counts.source_table = duplicate_counts.source_table
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
