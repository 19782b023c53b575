with

privacy_requests as (
    select * from {{ ref('base_consent__privacy_requests') }}
),

accepted as (
    select * from privacy_requests
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by request_id
            order by coalesce(verified_at, received_at) desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
),

final as (
    select
        -- ids
        request_id,

        -- strings
        subject_type,
        subject_value,
        subject_value_normalized,
        request_type,
        jurisdiction,

        -- timestamps
        received_at,
        verified_at
    from ranked
    where version_rank = 1
)

select * from final
