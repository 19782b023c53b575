{#-
    Every row of raw.consent_events, typed, normalised and judged (see base_shop__customers).
    An event needs its id, a known subject_type and a subject_value that normalises for it, a
    known action, a known purpose (from the consent_purposes seed, or 'any') and channel - both
    may be empty only on an objection to direct marketing or an opt-out of sale/share, which
    apply to every purpose and channel - and the time it occurred. A phone subject is read with
    the event's country, else the source's default region.
-#}
{%- set landed = [
    'event_id', 'subject_type', 'subject_value', 'purpose', 'channel', 'action', 'legal_basis',
    'consent_text_version', 'language', 'country', 'region', 'source_system',
    'collection_point', 'occurred_at', 'received_at', 'proof_ref',
] -%}

{%- set blanket_actions = "consent_action in ('object_direct_marketing', 'opt_out_sale_share')" -%}

{%- set row_checks = northstar.key_checks('event_id', 'event_id')
    + northstar.enum_checks('subject_type', 'subject_type', 'consent_subject_type')
    + [{'field': 'subject_value', 'code': 'missing_value', 'when': 'subject_value is null'}]
    + northstar.enum_checks('action', 'consent_action', 'consent_action')
    + [
        {
            'field': 'purpose',
            'code': 'missing_value',
            'when': 'purpose is null and not ' ~ blanket_actions,
        },
        {
            'field': 'purpose',
            'code': 'unknown_value',
            'when': "purpose <> 'any' and known_purpose is null",
            'value': 'purpose',
            'hint': 'expected a purpose of seeds/reference/consent_purposes.csv, or any',
        },
        {
            'field': 'channel',
            'code': 'missing_value',
            'when': 'channel is null and not ' ~ blanket_actions,
        },
        {
            'field': 'channel',
            'code': 'unknown_value',
            'when': 'not ' ~ northstar.in_values('channel', northstar.accepted_values_for(
                'consent_channel'
            )),
            'value': 'channel',
            'hint': 'expected ' ~ northstar.accepted_values_for('consent_channel') | join(', '),
        },
        {
            'field': 'subject_value',
            'code': 'invalid_subject_value',
            'when': 'subject_value_normalized is null',
        },
    ]
    + northstar.cast_checks('occurred_at', 'occurred_at_text', 'occurred_at', 'not_a_timestamp')
    + northstar.cast_checks(
        'received_at', 'received_at_text', 'received_at', 'not_a_timestamp', required=false
    ) -%}

{%- set value_checks = {
    'country': northstar.cast_value_check('country_text', 'country', 'not_a_country_code'),
} -%}

with

source as (
    select * from {{ raw_source('consent', 'consent_events') }}
),

consent_purposes as (
    select * from {{ ref('consent_purposes') }}
),

dialing_rules as (
    select * from {{ ref('country_dialing_rules') }}
),

numbering_plan as (
    {{ northstar.phone_numbering_plan('dialing_rules') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_event_id') }} as event_id,
        lower({{ northstar.clean_text('landed_subject_type') }}) as subject_type,
        {{ northstar.clean_text('landed_subject_value') }} as subject_value,
        lower({{ northstar.clean_text('landed_purpose') }}) as purpose,
        lower({{ northstar.clean_text('landed_channel') }}) as channel,
        lower({{ northstar.clean_text('landed_action') }}) as consent_action,
        lower({{ northstar.clean_text('landed_legal_basis') }}) as legal_basis,
        {{ northstar.clean_text('landed_consent_text_version') }} as consent_text_version,
        lower({{ northstar.clean_text('landed_language') }}) as language_code,
        {{ northstar.clean_text('landed_country') }} as country_text,
        upper({{ northstar.clean_text('landed_region') }}) as region,
        {{ northstar.clean_text('landed_source_system') }} as source_system,
        {{ northstar.clean_text('landed_collection_point') }} as collection_point,
        {{ northstar.clean_text('landed_occurred_at') }} as occurred_at_text,
        {{ northstar.clean_text('landed_received_at') }} as received_at_text,
        {{ northstar.clean_text('landed_proof_ref') }} as proof_ref
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        case
            when subject_type = 'email' then {{ northstar.normalise_email('subject_value') }}
        end as subject_email,
        case
            when subject_type = 'phone' then {{ northstar.phone_dial_string('subject_value') }}
        end as subject_phone_dial_string,
        {{ northstar.normalise_country_code('country_text') }} as country,
        coalesce(
            {{ northstar.normalise_country_code('country_text') }},
            {{ northstar.source_default_region('consent_events') }}
        ) as phone_region_code,
        {{ northstar.safe_cast_timestamp('occurred_at_text') }} as occurred_at,
        {{ northstar.safe_cast_timestamp('received_at_text') }} as received_at
    from cleaned
),

phones_located as {{ northstar.materialize_cte() }} (
    select
        typed.*,
        known_purpose.purpose as known_purpose,
        {{ northstar.phone_international_digits(
            'typed.subject_phone_dial_string', 'phone_region'
        ) }} as subject_phone_international_digits
    from typed
    left join consent_purposes as known_purpose
        on typed.purpose = known_purpose.purpose
    left join dialing_rules as phone_region
        on typed.phone_region_code = phone_region.country_code
),

phones_normalised as {{ northstar.materialize_cte() }} (
    select
        phones_located.*,
        {{ northstar.normalise_subject_value(
            'phones_located.subject_type',
            'phones_located.subject_value',
            'phones_located.subject_email',
            northstar.phone_e164('phones_located.subject_phone_international_digits', 'phone_plan'),
        ) }} as subject_value_normalized
    from phones_located
    left join numbering_plan as phone_plan
        on left(phones_located.subject_phone_international_digits, 3) = phone_plan.digits_prefix
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('consent_events', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        event_id,
        event_id as record_key,

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

        -- verdicts
        {{ northstar.row_reject_columns(row_checks) }},
        {{ northstar.value_reject_columns(value_checks) }},
        {{ northstar.has_value_reject(value_checks) }} as has_value_reject,
        {{ northstar.raw_values_of_rejects(landed, value_checks) }} as raw_values
    from checked
),

final as (
    select
        *,
        {{ northstar.version_columns(
            'event_id',
            'coalesce(received_at, occurred_at) desc nulls last',
            [
                'subject_type', 'subject_value', 'purpose', 'channel', 'consent_action',
                'legal_basis', 'consent_text_version', 'language_code', 'country', 'region',
                'source_system', 'collection_point', 'proof_ref'
            ],
            ['occurred_at', 'received_at']
        ) }}
    from judged
)

select * from final
