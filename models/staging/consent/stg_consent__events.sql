with

events as (
    select * from {{ ref('base_consent__events') }}
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
        received_at,

        -- staging metadata
        version_count
    from events
    where version_rank = 1
)

select * from final
