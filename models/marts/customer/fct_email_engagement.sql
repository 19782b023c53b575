{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="""
            {%- if is_incremental() %}
            -- Events gone upstream (erased, removed) leave the table too.
            delete from {{ this }} as facts
            where not exists (
                select 1
                from {{ ref('stg_esp__events') }} as events
                where events.event_id = facts.event_id
            )
            {%- endif %}
        """,
    )
}}
-- Email service provider events (sent, delivered, open, click, bounce, unsubscribe, spam
-- complaint), one row per event, with the person of the recipient's address. The address itself
-- stays out (PII). Incremental: events that occurred after the last build's latest one (less the
-- lookback; the ESP sends no arrival time) and events whose person changed are rewritten.
with

esp_events as (
    select * from {{ ref('stg_esp__events') }}
),

records as (
    select * from {{ ref('int_identity_records_assigned') }}
),

esp_records as (
    select
        record_key as event_id,
        person_id
    from records
    where source_table = 'esp_events'
),

{% if is_incremental() %}
existing_events as (
    select * from {{ this }}
),

watermark as (
    select max(occurred_at) as occurred_through
    from existing_events
),

reattributed_events as (
    select existing_events.event_id
    from existing_events
    left join esp_records on existing_events.event_id = esp_records.event_id
    where existing_events.person_id is distinct from esp_records.person_id
),

{% endif %}
selected_events as (
    select esp_events.*
    from esp_events
    {%- if is_incremental() %}
    cross join watermark
    where
        watermark.occurred_through is null
        or esp_events.occurred_at
        > {{ incremental_lookback_start('watermark.occurred_through') }}
        or esp_events.event_id in (
            select reattributed_events.event_id from reattributed_events
        )
    {%- endif %}
),

final as (
    select
        -- ids
        cast(selected_events.event_id as varchar) as event_id,
        cast(esp_records.person_id as varchar) as person_id,
        cast(selected_events.campaign_id as varchar) as campaign_id,

        -- strings
        cast(selected_events.event_type as varchar) as event_type,

        -- timestamps
        cast(selected_events.occurred_at as {{ dbt.type_timestamp() }}) as occurred_at
    from selected_events
    left join esp_records on selected_events.event_id = esp_records.event_id
)

select * from final
