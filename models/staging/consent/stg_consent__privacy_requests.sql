with

privacy_requests as (
    select * from {{ ref('base_consent__privacy_requests') }}
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
        verified_at,

        -- staging metadata
        version_count
    from privacy_requests
    where version_rank = 1
)

select * from final
