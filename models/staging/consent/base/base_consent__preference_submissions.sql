{#-
    Every row of raw.preference_submissions, typed, normalised and judged (see
    base_shop__customers). A submission needs its id and the time it was submitted. Interests
    are lower-cased with the blanks around their commas removed ('Shoes, Bags' -> 'shoes,bags').
-#}
{%- set landed = [
    'submission_id', 'email', 'preferred_channel', 'frequency', 'interests', 'submitted_at',
] -%}

{%- set row_checks = northstar.key_checks('submission_id', 'submission_id')
    + northstar.cast_checks(
        'submitted_at', 'submitted_at_text', 'submitted_at', 'not_a_timestamp'
    ) -%}

{%- set value_checks = {
    'email': northstar.email_value_check('email_text', 'email'),
    'preferred_channel': {
        'present': 'preferred_channel_text',
        'ok': northstar.in_values(
            'preferred_channel_text', northstar.accepted_values_for('consent_channel')
        ),
        'checks': [{
            'code': 'unknown_value',
            'when': 'true',
            'value': 'preferred_channel_text',
            'hint': 'expected ' ~ northstar.accepted_values_for('consent_channel') | join(', '),
        }],
    },
} -%}

with

source as (
    select * from {{ raw_source('consent', 'preference_submissions') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_submission_id') }} as submission_id,
        {{ northstar.clean_text('landed_email') }} as email_text,
        lower({{ northstar.clean_text('landed_preferred_channel') }}) as preferred_channel_text,
        lower({{ northstar.clean_text('landed_frequency') }}) as frequency,
        lower({{ northstar.clean_text('landed_interests') }}) as interests_text,
        {{ northstar.clean_text('landed_submitted_at') }} as submitted_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('email_text') }} as email,
        case
            when {{ northstar.in_values(
                'preferred_channel_text', northstar.accepted_values_for('consent_channel')
            ) }} then preferred_channel_text
        end as preferred_channel,
        {{ northstar.regexp_replace_all('interests_text', ' *, *', ',') }} as interests,
        {{ northstar.safe_cast_timestamp('submitted_at_text') }} as submitted_at
    from cleaned
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('preference_submissions', value_checks) }}
    from typed
),

judged as (
    select
        -- ids
        submission_id,
        submission_id as record_key,

        -- strings
        case when email is not null then email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,
        preferred_channel,
        frequency,
        interests,

        -- timestamps
        submitted_at,

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
            'submission_id',
            'submitted_at desc nulls last',
            ['email_raw', 'preferred_channel', 'frequency', 'interests'],
            ['submitted_at']
        ) }}
    from judged
)

select * from final
