with

preference_submissions as (
    select * from {{ ref('base_consent__preference_submissions') }}
),

final as (
    select
        -- ids
        submission_id,

        -- strings
        email_raw,
        email,
        email_folded,
        preferred_channel,
        frequency,
        interests,

        -- timestamps
        submitted_at,

        -- staging metadata
        version_count
    from preference_submissions
    where version_rank = 1
)

select * from final
