{#-
    Every row of raw.loyalty_members, typed, normalised and judged (see base_shop__customers). A
    member needs a card number and an enrolment time; phones are read with the source's default
    region (the register records no country).
-#}
{%- set landed = [
    'card_number', 'email', 'phone', 'first_name', 'last_name', 'tier', 'enrolled_at',
] -%}

{%- set row_checks = northstar.key_checks('card_number', 'loyalty_card_number')
    + northstar.cast_checks(
        'enrolled_at', 'enrolled_at_text', 'enrolled_at', 'not_a_timestamp'
    ) -%}

{%- set value_checks = {
    'email': northstar.email_value_check('email_text', 'email'),
    'phone': northstar.phone_value_check('phone', 'phone_region_code'),
} -%}

with

source as (
    select * from {{ raw_source('loyalty', 'loyalty_members') }}
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
        {{ northstar.clean_text('landed_card_number') }} as loyalty_card_number,
        {{ northstar.clean_text('landed_email') }} as email_text,
        {{ northstar.clean_text('landed_phone') }} as phone_text,
        {{ northstar.clean_text('landed_first_name') }} as first_name,
        {{ northstar.clean_text('landed_last_name') }} as last_name,
        lower({{ northstar.clean_text('landed_tier') }}) as tier,
        {{ northstar.clean_text('landed_enrolled_at') }} as enrolled_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('email_text') }} as email,
        {{ northstar.phone_dial_string('phone_text') }} as phone_dial_string,
        {{ northstar.source_default_region('loyalty_members') }} as phone_region_code,
        {{ northstar.safe_cast_timestamp('enrolled_at_text') }} as enrolled_at
    from cleaned
),

phones_located as {{ northstar.materialize_cte() }} (
    select
        typed.*,
        {{ northstar.phone_international_digits('typed.phone_dial_string', 'phone_region') }}
            as phone_international_digits
    from typed
    left join dialing_rules as phone_region
        on typed.phone_region_code = phone_region.country_code
),

phones_normalised as {{ northstar.materialize_cte() }} (
    select
        phones_located.*,
        phone_plan.calling_code as phone_calling_code,
        {{ northstar.phone_e164('phones_located.phone_international_digits', 'phone_plan') }}
            as phone_e164
    from phones_located
    left join numbering_plan as phone_plan
        on left(phones_located.phone_international_digits, 3) = phone_plan.digits_prefix
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('loyalty_members', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        loyalty_card_number,
        loyalty_card_number as record_key,

        -- strings
        case when email is not null then email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,
        case when phone_e164 is not null then phone_text end as phone_raw,
        phone_e164,
        first_name,
        last_name,
        tier,

        -- timestamps
        enrolled_at,

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
            'loyalty_card_number',
            'enrolled_at desc nulls last',
            ['email_raw', 'phone_raw', 'first_name', 'last_name', 'tier'],
            ['enrolled_at']
        ) }}
    from judged
)

select * from final
