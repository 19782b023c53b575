{#-
    Every staged consent event, judged against the consent_purposes seed and mapped to the
    person who holds its subject (any identifier type identity knows: email, phone, shop or CRM
    customer id, anonymous id - an anonymous id stitched to a person later maps on the next
    build). Staging has already quarantined unknown purposes, channels and actions
    (audit.quarantine); here an event is invalid when its channel is not one the purpose allows,
    or when it grants (or confirms) consent without naming one purpose (consent is specific).
    invalid_reason_code is null for a valid event; person_id is null when no person holds the
    subject (yet). Events whose subject is on suppression_list (an erased person) are left out.
-#}
with

events as (
    select * from {{ ref('stg_consent__events') }}
),

purposes as (
    select * from {{ ref('consent_purposes') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

suppression_list as (
    select * from {{ ref('suppression_list') }}
),

judged as (
    select
        events.*,
        purposes.category as purpose_category,
        case
            when
                events.consent_action in ('grant', 'doi_pending', 'doi_confirm')
                and (events.purpose is null or events.purpose = 'any')
                then 'grant_without_specific_purpose'
            when
                events.purpose is not null
                and events.purpose <> 'any'
                and events.channel is not null
                and events.channel <> 'any'
                and position(
                    '|' || events.channel || '|' in '|' || purposes.allowed_channels || '|'
                ) = 0
                then 'channel_not_allowed_for_purpose'
        end as invalid_reason_code
    from events
    left join purposes on events.purpose = purposes.purpose
),

final as (
    select
        judged.event_id,
        persons.person_id,
        judged.subject_type,
        judged.purpose,
        judged.purpose_category,
        judged.channel,
        judged.consent_action,
        judged.legal_basis,
        judged.consent_text_version,
        {{ northstar.safe_cast_integer('judged.consent_text_version') }}
            as consent_text_version_number,
        judged.language_code,
        judged.country,
        judged.region,
        judged.source_system,
        judged.collection_point,
        judged.proof_ref,
        judged.invalid_reason_code,
        {{ northstar.consent_action_restrictiveness('judged.consent_action') }}
            as restrictiveness,
        judged.occurred_at,
        judged.received_at
    from judged
    left join persons
        on
            judged.subject_type = persons.identifier_type
            and judged.subject_value_normalized = persons.identifier_value
    left join suppression_list
        on
            judged.subject_type = suppression_list.identifier_type
            and {{ northstar.suppression_hash('judged.subject_value_normalized') }}
            = suppression_list.identifier_hash
    where suppression_list.identifier_hash is null
)

select * from final
