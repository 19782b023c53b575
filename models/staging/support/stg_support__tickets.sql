with

tickets as (
    select * from {{ ref('base_support__tickets') }}
),

accepted as (
    select * from tickets
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by ticket_id
            order by coalesce(solved_at, created_at) desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
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
        solved_at
    from ranked
    where version_rank = 1
)

select * from final
