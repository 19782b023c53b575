{#-
    Staged consent events the consent model does not accept, with the reason: a channel the
    purpose does not allow (seeds/reference/consent_purposes.csv allowed_channels), or a grant
    that names no single purpose. Events with an unknown purpose, channel or action never get
    this far: staging quarantines them (audit.quarantine, source_table consent_events).
-#}
with

events as (
    select * from {{ ref('int_consent_events_validated') }}
),

final as (
    select
        'consent_events' as source_table,
        event_id as record_key,
        case invalid_reason_code
            when 'channel_not_allowed_for_purpose' then 'channel'
            else 'purpose'
        end as field,
        invalid_reason_code as reason_code,
        case invalid_reason_code
            when 'channel_not_allowed_for_purpose'
                then
                    'channel ''' || channel || ''' is not allowed for purpose '''
                    || purpose || ''': add it to allowed_channels in'
                    || ' seeds/reference/consent_purposes.csv or fix the event'
            else
                'a ' || consent_action || ' must name one purpose of'
                || ' seeds/reference/consent_purposes.csv, not '''
                || coalesce(purpose, 'none') || ''''
        end as reason,
        {{ northstar.run_started_at_timestamp() }} as detected_at
    from events
    where invalid_reason_code is not null
)

select * from final
