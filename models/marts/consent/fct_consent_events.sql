{#-
    Every valid consent event (staging rejects unknown purposes, channels and actions into
    audit.quarantine; audit.consent_quarantine holds the events the purposes seed rejects), with
    the person holding its subject - null while no person holds it. Never updated: a new
    decision is a new event. An erased person's events leave with them.
-#}
with

events as (
    select * from {{ ref('int_consent_events_validated') }}
),

final as (
    select
        -- ids
        cast(event_id as varchar) as event_id,
        cast(person_id as varchar) as person_id,

        -- strings
        cast(subject_type as varchar) as subject_type,
        cast(purpose as varchar) as purpose,
        cast(purpose_category as varchar) as purpose_category,
        cast(channel as varchar) as channel,
        cast(consent_action as varchar) as consent_action,
        cast(legal_basis as varchar) as legal_basis,
        cast(consent_text_version as varchar) as consent_text_version,
        cast(language_code as varchar) as language_code,
        cast(country as varchar) as country,
        cast(region as varchar) as region,
        cast(source_system as varchar) as source_system,
        cast(collection_point as varchar) as collection_point,
        cast(proof_ref as varchar) as proof_ref,

        -- numerics
        cast(restrictiveness as integer) as restrictiveness,

        -- booleans
        cast(person_id is not null as boolean) as is_person_resolved,

        -- timestamps
        cast(occurred_at as timestamp) as occurred_at,
        cast(received_at as timestamp) as received_at
    from events
    where invalid_reason_code is null
)

select * from final
