with

tickets as (
    select * from {{ ref('base_support__tickets') }}
),

final as (
    select
        -- ids
        ticket_id,

        -- strings
        requester_email_raw,
        requester_email,
        requester_email_folded,
        requester_phone_raw,
        requester_phone_e164,
        channel,
        subject,
        status,
        priority,

        -- numerics
        csat_score,

        -- timestamps
        created_at,
        solved_at,

        -- staging metadata
        version_count
    from tickets
    where version_rank = 1
)

select * from final
