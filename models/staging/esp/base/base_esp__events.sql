{#-
    Every row of raw.esp_events, typed, normalised and judged (see base_shop__customers). An
    event needs its id, a known event type and the time it occurred.
-#}
{%- set landed = ['event_id', 'email', 'campaign_id', 'event_type', 'occurred_at'] -%}

{%- set row_checks = northstar.key_checks('event_id', 'event_id')
    + northstar.enum_checks('event_type', 'event_type', 'esp_event_type')
    + northstar.cast_checks(
        'occurred_at', 'occurred_at_text', 'occurred_at', 'not_a_timestamp'
    ) -%}

{%- set value_checks = {
    'email': northstar.email_value_check('email_text', 'email'),
} -%}

with

source as (
    select * from {{ raw_source('esp', 'esp_events') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_event_id') }} as event_id,
        {{ northstar.clean_text('landed_email') }} as email_text,
        {{ northstar.clean_text('landed_campaign_id') }} as campaign_id,
        lower({{ northstar.clean_text('landed_event_type') }}) as event_type,
        {{ northstar.clean_text('landed_occurred_at') }} as occurred_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('email_text') }} as email,
        {{ northstar.safe_cast_timestamp('occurred_at_text') }} as occurred_at
    from cleaned
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('esp_events', value_checks) }}
    from typed
),

judged as (
    select
        -- ids
        event_id,
        campaign_id,
        event_id as record_key,

        -- strings
        event_type,
        case when email is not null then email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,

        -- timestamps
        occurred_at,

        -- verdicts
        {{ northstar.row_reject_columns(row_checks) }},
        {{ northstar.value_reject_columns(value_checks) }},
        {{ northstar.has_value_reject(value_checks) }} as has_value_reject,
        {{ northstar.raw_values_of_rejects(landed, value_checks) }} as raw_values
    from checked
),

final as (
    select
        *,
        {{ northstar.version_columns(
            'event_id',
            'occurred_at desc nulls last',
            ['campaign_id', 'event_type', 'email_raw'],
            ['occurred_at']
        ) }}
    from judged
)

select * from final
