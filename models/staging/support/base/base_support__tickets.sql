{#-
    Every row of raw.support_tickets, typed, normalised and judged (see base_shop__customers). A
    ticket needs its id and its creation time; a later version of a ticket (solved) supersedes
    the earlier one. Phones are read with the source's default region.
-#}
{%- set landed = [
    'ticket_id', 'requester_email', 'requester_phone', 'channel', 'subject', 'status', 'priority',
    'csat_score', 'created_at', 'solved_at',
] -%}

{%- set row_checks = northstar.key_checks('ticket_id', 'ticket_id')
    + northstar.cast_checks(
        'created_at', 'created_at_text', 'created_at', 'not_a_timestamp'
    ) -%}

{%- set value_checks = {
    'requester_email': northstar.email_value_check('requester_email_text', 'requester_email'),
    'requester_phone': northstar.phone_value_check('requester_phone', 'phone_region_code'),
    'csat_score': northstar.cast_value_check('csat_score_text', 'csat_score', 'not_an_integer'),
    'solved_at': northstar.cast_value_check('solved_at_text', 'solved_at', 'not_a_timestamp'),
} -%}

with

source as (
    select * from {{ raw_source('support', 'support_tickets') }}
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
        {{ northstar.clean_text('landed_ticket_id') }} as ticket_id,
        {{ northstar.clean_text('landed_requester_email') }} as requester_email_text,
        {{ northstar.clean_text('landed_requester_phone') }} as requester_phone_text,
        lower({{ northstar.clean_text('landed_channel') }}) as channel,
        {{ northstar.clean_text('landed_subject') }} as subject,
        lower({{ northstar.clean_text('landed_status') }}) as status,
        lower({{ northstar.clean_text('landed_priority') }}) as priority,
        {{ northstar.clean_text('landed_csat_score') }} as csat_score_text,
        {{ northstar.clean_text('landed_created_at') }} as created_at_text,
        {{ northstar.clean_text('landed_solved_at') }} as solved_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('requester_email_text') }} as requester_email,
        {{ northstar.phone_dial_string('requester_phone_text') }}
            as requester_phone_dial_string,
        {{ northstar.source_default_region('support_tickets') }} as phone_region_code,
        {{ northstar.safe_cast_integer('csat_score_text') }} as csat_score,
        {{ northstar.safe_cast_timestamp('created_at_text') }} as created_at,
        {{ northstar.safe_cast_timestamp('solved_at_text') }} as solved_at
    from cleaned
),

phones_located as {{ northstar.materialize_cte() }} (
    select
        typed.*,
        {{ northstar.phone_international_digits(
            'typed.requester_phone_dial_string', 'phone_region'
        ) }} as requester_phone_international_digits
    from typed
    left join dialing_rules as phone_region
        on typed.phone_region_code = phone_region.country_code
),

phones_normalised as {{ northstar.materialize_cte() }} (
    select
        phones_located.*,
        phone_plan.calling_code as requester_phone_calling_code,
        {{ northstar.phone_e164(
            'phones_located.requester_phone_international_digits', 'phone_plan'
        ) }} as requester_phone_e164
    from phones_located
    left join numbering_plan as phone_plan
        on
            left(phones_located.requester_phone_international_digits, 3)
            = phone_plan.digits_prefix
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('support_tickets', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        ticket_id,
        ticket_id as record_key,

        -- strings
        case
            when requester_email is not null then requester_email_text
        end as requester_email_raw,
        requester_email,
        {{ northstar.fold_email('requester_email') }} as requester_email_folded,
        case
            when requester_phone_e164 is not null then requester_phone_text
        end as requester_phone_raw,
        requester_phone_e164,
        channel,
        subject,
        status,
        priority,

        -- numerics
        csat_score,

        -- timestamps
        created_at,
        solved_at,

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
            'ticket_id',
            'coalesce(solved_at, created_at) desc nulls last',
            [
                'requester_email_raw', 'requester_phone_raw', 'channel', 'subject', 'status',
                'priority'
            ],
            ['csat_score', 'created_at', 'solved_at']
        ) }}
    from judged
)

select * from final
