{#-
    Every row of raw.web_events, typed, normalised and judged (see base_shop__customers). A
    message needs its id, a known type (page, track, identify), the time the client sent it (when
    the event happened; it may be days before it was received) and the time it was received.
-#}
{%- set landed = [
    'message_id', 'type', 'event', 'anonymous_id', 'user_id', 'device_id', 'ip', 'user_agent',
    'traits_email', 'properties', 'sent_at', 'received_at',
] -%}

{%- set row_checks = northstar.key_checks('message_id', 'message_id')
    + northstar.enum_checks('type', 'event_type', 'web_event_type')
    + northstar.cast_checks('sent_at', 'sent_at_text', 'sent_at', 'not_a_timestamp')
    + northstar.cast_checks(
        'received_at', 'received_at_text', 'received_at', 'not_a_timestamp'
    ) -%}

{%- set value_checks = {
    'traits_email': northstar.email_value_check('traits_email_text', 'email'),
} -%}

with

source as (
    select * from {{ raw_source('web', 'web_events') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_message_id') }} as message_id,
        lower({{ northstar.clean_text('landed_type') }}) as event_type,
        {{ northstar.clean_text('landed_event') }} as event_name,
        {{ northstar.clean_text('landed_anonymous_id') }} as anonymous_id,
        {{ northstar.clean_text('landed_user_id') }} as customer_id,
        {{ northstar.clean_text('landed_device_id') }} as device_id,
        {{ northstar.clean_text('landed_ip') }} as ip_address,
        {{ northstar.clean_text('landed_user_agent') }} as user_agent,
        {{ northstar.clean_text('landed_traits_email') }} as traits_email_text,
        {{ northstar.clean_text('landed_properties') }} as properties,
        {{ northstar.clean_text('landed_sent_at') }} as sent_at_text,
        {{ northstar.clean_text('landed_received_at') }} as received_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('traits_email_text') }} as email,
        {{ northstar.safe_cast_timestamp('sent_at_text') }} as sent_at,
        {{ northstar.safe_cast_timestamp('received_at_text') }} as received_at
    from cleaned
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('web_events', value_checks) }}
    from typed
),

judged as (
    select
        -- ids
        message_id,
        anonymous_id,
        customer_id,
        device_id,
        message_id as record_key,

        -- strings
        event_type,
        event_name,
        case when email is not null then traits_email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,
        ip_address,
        user_agent,
        properties,

        -- timestamps
        sent_at,
        received_at,

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
            'message_id',
            'received_at desc nulls last',
            [
                'anonymous_id', 'customer_id', 'device_id', 'event_type', 'event_name',
                'email_raw', 'ip_address', 'user_agent', 'properties'
            ],
            ['sent_at', 'received_at']
        ) }}
    from judged
)

select * from final
