with

preference_submissions as (
    select * from {{ ref('base_consent__preference_submissions') }}
),

accepted as (
    select * from preference_submissions
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by submission_id
            order by submitted_at desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
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
        submitted_at
    from ranked
    where version_rank = 1
)

select * from final
