{#-
    Every row of raw.privacy_requests, typed, normalised and judged (see base_shop__customers).
    A request needs its id, a known subject_type with a subject_value that normalises for it, a
    known request type and the time it was received. A phone subject is read with the country of
    the jurisdiction ('DE', 'US-CA' -> US), else the source's default region.
-#}
{%- set landed = [
    'request_id', 'subject_type', 'subject_value', 'request_type', 'jurisdiction',
    'received_at', 'verified_at',
] -%}

{%- set row_checks = northstar.key_checks('request_id', 'request_id')
    + northstar.enum_checks('subject_type', 'subject_type', 'consent_subject_type')
    + [{'field': 'subject_value', 'code': 'missing_value', 'when': 'subject_value is null'}]
    + northstar.enum_checks('request_type', 'request_type', 'privacy_request_type')
    + [{
        'field': 'subject_value',
        'code': 'invalid_subject_value',
        'when': 'subject_value_normalized is null',
    }]
    + northstar.cast_checks(
        'received_at', 'received_at_text', 'received_at', 'not_a_timestamp'
    ) -%}

{%- set value_checks = {
    'verified_at': northstar.cast_value_check(
        'verified_at_text', 'verified_at', 'not_a_timestamp'
    ),
} -%}

with

source as (
    select * from {{ raw_source('consent', 'privacy_requests') }}
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
        {{ northstar.clean_text('landed_request_id') }} as request_id,
        lower({{ northstar.clean_text('landed_subject_type') }}) as subject_type,
        {{ northstar.clean_text('landed_subject_value') }} as subject_value,
        lower({{ northstar.clean_text('landed_request_type') }}) as request_type,
        upper({{ northstar.clean_text('landed_jurisdiction') }}) as jurisdiction,
        {{ northstar.clean_text('landed_received_at') }} as received_at_text,
        {{ northstar.clean_text('landed_verified_at') }} as verified_at_text
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
        coalesce(
            {{ northstar.normalise_country_code('left(jurisdiction, 2)') }},
            {{ northstar.source_default_region('privacy_requests') }}
        ) as phone_region_code,
        {{ northstar.safe_cast_timestamp('received_at_text') }} as received_at,
        {{ northstar.safe_cast_timestamp('verified_at_text') }} as verified_at
    from cleaned
),

phones_located as {{ northstar.materialize_cte() }} (
    select
        typed.*,
        {{ northstar.phone_international_digits(
            'typed.subject_phone_dial_string', 'phone_region'
        ) }} as subject_phone_international_digits
    from typed
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
        {{ northstar.value_reject_checks('privacy_requests', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        request_id,
        request_id as record_key,

        -- strings
        subject_type,
        subject_value,
        subject_value_normalized,
        request_type,
        jurisdiction,

        -- timestamps
        received_at,
        verified_at,

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
            'request_id',
            'coalesce(verified_at, received_at) desc nulls last',
            ['subject_type', 'subject_value', 'request_type', 'jurisdiction'],
            ['received_at', 'verified_at']
        ) }}
    from judged
)

select * from final
