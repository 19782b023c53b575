{{
    config(
        materialized='incremental',
        unique_key='visitor_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="""
            {%- if is_incremental() %}
            -- Visitors with no page or track event left upstream (erased, removed): sessions go.
            delete from {{ this }} as sessions
            where
                not exists (
                    select 1
                    from {{ ref('stg_web__events') }} as events
                    where
                        events.event_type in ('page', 'track')
                        and events.anonymous_id = sessions.anonymous_id
                )
                and not exists (
                    select 1
                    from {{ ref('stg_web__events') }} as events
                    where
                        events.event_type in ('page', 'track')
                        and events.anonymous_id is null
                        and {{ northstar.web_visitor_key(
                            'events.anonymous_id', 'events.device_id', 'events.message_id'
                        ) }} = sessions.visitor_key
                )
            {%- endif %}
        """,
    )
}}
{%- set timeout_minutes = var('northstar_session_timeout_minutes', 30) | int %}
-- Web sessions: a visitor's page and track events, a new session starting after more than
-- `northstar_session_timeout_minutes` (30) minutes without an event. A session belongs to the
-- known person of its shop customer id, else of its anonymous id, else of its device id, so an
-- anonymous session is attributed as soon as identity stitches its cookie or device to a person.
-- Incremental: the sessions of every visitor with an event received since the last build (less
-- the lookback), whose person changed or whose event count changed are recomputed whole and
-- replace that visitor's rows; a post-hook deletes the visitors with no event left.
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

identifiers as (
    select * from {{ ref('int_web_identifiers_attributed') }}
),

{% if is_incremental() %}
existing_sessions as (
    select * from {{ this }}
),

watermark as (
    select max(last_received_at) as received_through
    from existing_sessions
),

arrived_visitors as (
    select
        {{ web_visitor_key(
            'web_events.anonymous_id', 'web_events.device_id', 'web_events.message_id'
        ) }} as visitor_key,
        web_events.anonymous_id
    from web_events
    cross join watermark
    where
        watermark.received_through is null
        or web_events.received_at
        > {{ incremental_lookback_start('watermark.received_through') }}
),

reattributed_visitors as (
    select
        existing_sessions.visitor_key,
        existing_sessions.anonymous_id
    from existing_sessions
    left join identifiers as by_customer
        on
            by_customer.identifier_type = 'shop_customer_id'
            and existing_sessions.customer_id = by_customer.identifier_value
    left join identifiers as by_anonymous
        on
            by_anonymous.identifier_type = 'anonymous_id'
            and existing_sessions.anonymous_id = by_anonymous.identifier_value
    left join identifiers as by_device
        on
            by_device.identifier_type = 'device_id'
            and existing_sessions.device_id = by_device.identifier_value
    where
        existing_sessions.person_id is distinct from coalesce(
            by_customer.person_id, by_anonymous.person_id, by_device.person_id
        )
),

existing_visitor_counts as (
    select
        visitor_key,
        sum(event_count) as event_count
    from existing_sessions
    group by visitor_key
),

-- Counted on the raw columns (the key is only built per visitor, not per event).
upstream_visitor_events as (
    select
        anonymous_id,
        case when anonymous_id is null then device_id end as device_id,
        case when anonymous_id is null and device_id is null then message_id end as message_id,
        count(*) as event_count
    from web_events
    where event_type in ('page', 'track')
    group by 1, 2, 3
),

upstream_visitor_counts as (
    select
        {{ web_visitor_key('anonymous_id', 'device_id', 'message_id') }} as visitor_key,
        anonymous_id,
        event_count
    from upstream_visitor_events
),

-- Visitors who lost events upstream (an erasure of one of a shared device's users) without a
-- new arrival: recomputed from what is left.
recounted_visitors as (
    select
        upstream_visitor_counts.visitor_key,
        upstream_visitor_counts.anonymous_id
    from existing_visitor_counts
    inner join upstream_visitor_counts
        on existing_visitor_counts.visitor_key = upstream_visitor_counts.visitor_key
    where existing_visitor_counts.event_count <> upstream_visitor_counts.event_count
),

affected_visitors as (
    select
        visitor_key,
        anonymous_id
    from arrived_visitors
    union
    select
        visitor_key,
        anonymous_id
    from reattributed_visitors
    union
    select
        visitor_key,
        anonymous_id
    from recounted_visitors
),

{% endif %}
activity_events as (
    select
        {{ web_visitor_key('anonymous_id', 'device_id', 'message_id') }} as visitor_key,
        anonymous_id,
        customer_id,
        device_id,
        event_type,
        sent_at,
        received_at
    from web_events
    where event_type in ('page', 'track')
    {%- if is_incremental() %}
        -- The raw cookie first (cheap), then the key.
        and (
            anonymous_id in (select affected_visitors.anonymous_id from affected_visitors)
            or anonymous_id is null
        )
    {%- endif %}
),

affected_events as (
    select *
    from activity_events
    {%- if is_incremental() %}
    where visitor_key in (select affected_visitors.visitor_key from affected_visitors)
    {%- endif %}
),

gaps as (
    select
        *,
        lag(sent_at) over (partition by visitor_key order by sent_at) as previous_sent_at
    from affected_events
),

session_starts as (
    select
        *,
        case
            when previous_sent_at is null then 1
            when sent_at > {{ dbt.dateadd('minute', timeout_minutes, 'previous_sent_at') }} then 1
            else 0
        end as is_session_start
    from gaps
),

numbered as (
    select
        *,
        -- Events sent at the same time land in the same session whatever their order.
        sum(is_session_start) over (
            partition by visitor_key
            order by sent_at
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts
),

sessions as (
    select
        visitor_key,
        session_number,
        min(anonymous_id) as anonymous_id,
        min(device_id) as device_id,
        min(customer_id) as customer_id,
        count(*) as event_count,
        sum(case when event_type = 'page' then 1 else 0 end) as page_view_count,
        sum(case when event_type = 'track' then 1 else 0 end) as track_event_count,
        min(sent_at) as started_at,
        max(sent_at) as ended_at,
        max(received_at) as last_received_at
    from numbered
    group by visitor_key, session_number
),

attributed as (
    select
        sessions.*,
        coalesce(by_customer.person_id, by_anonymous.person_id, by_device.person_id)
            as person_id
    from sessions
    left join identifiers as by_customer
        on
            by_customer.identifier_type = 'shop_customer_id'
            and sessions.customer_id = by_customer.identifier_value
    left join identifiers as by_anonymous
        on
            by_anonymous.identifier_type = 'anonymous_id'
            and sessions.anonymous_id = by_anonymous.identifier_value
    left join identifiers as by_device
        on
            by_device.identifier_type = 'device_id'
            and sessions.device_id = by_device.identifier_value
),

final as (
    select
        -- ids
        -- A visitor's sessions start at different times: the id is the visitor and the start.
        cast(
            's_' || substr(
                {{ dbt.hash(dbt.concat([
                    'visitor_key', "'|'", 'cast(started_at as ' ~ dbt.type_string() ~ ')'
                ])) }},
                1,
                24
            ) as varchar
        ) as session_id,
        cast(visitor_key as varchar) as visitor_key,
        cast(person_id as varchar) as person_id,
        cast(anonymous_id as varchar) as anonymous_id,
        cast(device_id as varchar) as device_id,
        cast(customer_id as varchar) as customer_id,

        -- numerics
        {{ seconds_between('started_at', 'ended_at') }} as duration_seconds,
        cast(event_count as integer) as event_count,
        cast(page_view_count as integer) as page_view_count,
        cast(track_event_count as integer) as track_event_count,

        -- booleans
        person_id is not null as is_identified,
        customer_id is not null as is_logged_in,

        -- timestamps
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(ended_at as {{ dbt.type_timestamp() }}) as ended_at,
        cast(last_received_at as {{ dbt.type_timestamp() }}) as last_received_at
    from attributed
)

select * from final
