with

events as (
    select * from {{ ref('base_esp__events') }}
),

accepted as (
    select * from events
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            order by occurred_at desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
),

final as (
    select
        -- ids
        event_id,
        campaign_id,

        -- strings
        event_type,
        email_raw,
        email,
        email_folded,

        -- timestamps
        occurred_at
    from ranked
    where version_rank = 1
)

select * from final
