with

events as (
    select * from {{ ref('base_web__events') }}
),

accepted as (
    select * from events
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by message_id
            order by received_at desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
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
        received_at
    from ranked
    where version_rank = 1
)

select * from final
