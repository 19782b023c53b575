{#-
    Every consent decision of a known person, expanded to the purposes and concrete channels it
    applies to: valid consent events (int_consent_events_validated) and the objections to
    direct marketing and opt-outs of sale/share received as privacy requests (honoured from
    receipt, verified or not). A decision for channel 'any' (or none) applies to every channel
    its purpose allows; an objection to direct marketing without a purpose (or 'any') to every
    marketing purpose, an opt-out of sale/share to every sale_share purpose, a withdrawal or
    denial for 'any' purpose to every purpose. One row per person x purpose x channel x event;
    ordered later by occurred_at, ties to the more restrictive action.
-#}
with

events as (
    select * from {{ ref('int_consent_events_validated') }}
),

requests as (
    select * from {{ ref('stg_consent__privacy_requests') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

purpose_channels as (
    select * from {{ ref('int_consent_purpose_channels') }}
),

consent_decisions as (
    select
        person_id,
        event_id as decision_id,
        'consent_event' as decision_source,
        purpose,
        channel,
        consent_action,
        restrictiveness,
        consent_text_version_number,
        country,
        region,
        source_system,
        occurred_at
    from events
    where invalid_reason_code is null and person_id is not null
),

request_decisions as (
    select
        persons.person_id,
        requests.request_id as decision_id,
        'privacy_request' as decision_source,
        cast(null as {{ dbt.type_string() }}) as purpose,
        cast(null as {{ dbt.type_string() }}) as channel,
        requests.request_type as consent_action,
        {{ northstar.consent_action_restrictiveness('requests.request_type') }}
            as restrictiveness,
        cast(null as {{ dbt.type_int() }}) as consent_text_version_number,
        left(requests.jurisdiction, 2) as country,
        case
            when length(requests.jurisdiction) > 3 then substr(requests.jurisdiction, 4)
        end as region,
        'privacy_request' as source_system,
        requests.received_at as occurred_at
    from requests
    inner join persons
        on
            requests.subject_type = persons.identifier_type
            and requests.subject_value_normalized = persons.identifier_value
    where requests.request_type in ('object_direct_marketing', 'opt_out_sale_share')
),

decisions as (
    select * from consent_decisions
    union all
    select * from request_decisions
),

final as (
    select
        decisions.person_id,
        purpose_channels.purpose,
        purpose_channels.purpose_category,
        purpose_channels.channel,
        decisions.decision_id,
        decisions.decision_source,
        decisions.consent_action,
        decisions.restrictiveness,
        decisions.consent_text_version_number,
        decisions.country,
        decisions.region,
        decisions.source_system,
        decisions.occurred_at
    from decisions
    inner join purpose_channels
        on
            (
                decisions.purpose = purpose_channels.purpose
                or (
                    coalesce(decisions.purpose, 'any') = 'any'
                    and case decisions.consent_action
                        when 'object_direct_marketing'
                            then purpose_channels.purpose_category = 'marketing'
                        when 'opt_out_sale_share'
                            then purpose_channels.purpose_category = 'sale_share'
                        else decisions.consent_action in ('withdraw', 'deny')
                    end
                )
            )
            and (
                decisions.channel = purpose_channels.channel
                or coalesce(decisions.channel, 'any') = 'any'
            )
)

select * from final
