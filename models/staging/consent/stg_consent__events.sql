with

events as (
    select * from {{ ref('base_consent__events') }}
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
            order by coalesce(received_at, occurred_at) desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
),

final as (
    select
        -- ids
        event_id,

        -- strings
        subject_type,
        subject_value,
        subject_value_normalized,
        purpose,
        channel,
        consent_action,
        legal_basis,
        consent_text_version,
        language_code,
        country,
        region,
        source_system,
        collection_point,
        proof_ref,

        -- timestamps
        occurred_at,
        received_at
    from ranked
    where version_rank = 1
)

select * from final
