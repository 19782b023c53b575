with

events as (
    select * from {{ ref('base_web__events') }}
),

final as (
    select
        -- ids
        message_id,
        anonymous_id,
        customer_id,
        device_id,

        -- strings
        event_type,
        event_name,
        email_raw,
        email,
        email_folded,
        ip_address,
        user_agent,
        properties,

        -- timestamps
        sent_at,
        received_at,

        -- staging metadata
        version_count
    from events
    where version_rank = 1
)

select * from final
