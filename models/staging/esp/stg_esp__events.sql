with

events as (
    select * from {{ ref('base_esp__events') }}
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
        occurred_at,

        -- staging metadata
        version_count
    from events
    where version_rank = 1
)

select * from final
