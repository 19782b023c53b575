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
-- stays out (PII). Incremental: events not in the table yet, events that occurred after its
-- latest one less the lookback (a new version; the ESP sends no arrival time) and events whose
-- person changed are written; a post-hook deletes the events gone upstream.
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

{% endif %}
attributed_events as (
    select
        esp_events.*,
        esp_records.person_id
    from esp_events
    left join esp_records on esp_events.event_id = esp_records.event_id
),

selected_events as (
    select attributed_events.*
    from attributed_events
    {%- if is_incremental() %}
    left join existing_events on attributed_events.event_id = existing_events.event_id
    cross join watermark
    where
        existing_events.event_id is null
        or attributed_events.occurred_at
        > {{ incremental_lookback_start('watermark.occurred_through') }}
        or attributed_events.person_id is distinct from existing_events.person_id
    {%- endif %}
),

final as (
    select
        -- ids
        cast(event_id as varchar) as event_id,
        cast(person_id as varchar) as person_id,
        cast(campaign_id as varchar) as campaign_id,

        -- strings
        cast(event_type as varchar) as event_type,

        -- timestamps
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at
    from selected_events
)

select * from final
