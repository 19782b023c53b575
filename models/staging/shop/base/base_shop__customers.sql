{#-
    Every row of raw.shop_customers, typed, normalised and judged: the row-level verdict
    (reject_*), the value-level verdicts (<field>_reject_*) and a fingerprint of the landed row.
    stg_shop__customers keeps the latest version of each accepted customer; audit.quarantine
    reads the rejects.
-#}
{%- set landed = [
    'id', 'email', 'phone', 'first_name', 'last_name', 'accepts_marketing', 'country_code',
    'created_at', 'updated_at',
] -%}

{%- set row_checks = northstar.key_checks('id', 'customer_id')
    + northstar.cast_checks('created_at', 'created_at_text', 'created_at', 'not_a_timestamp')
    + northstar.cast_checks(
        'updated_at', 'updated_at_text', 'updated_at', 'not_a_timestamp', required=false
    ) -%}

{%- set value_checks = {
    'email': northstar.email_value_check('email_text', 'email'),
    'phone': northstar.phone_value_check('phone', 'phone_region_code'),
    'accepts_marketing': northstar.cast_value_check(
        'accepts_marketing_text', 'has_accepted_marketing', 'not_a_boolean'
    ),
    'country_code': northstar.cast_value_check(
        'country_code_text', 'country_code', 'not_a_country_code'
    ),
} -%}

with

source as (
    select * from {{ raw_source('shop', 'shop_customers') }}
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
        {{ northstar.clean_text('landed_id') }} as customer_id,
        {{ northstar.clean_text('landed_email') }} as email_text,
        {{ northstar.clean_text('landed_phone') }} as phone_text,
        {{ northstar.clean_text('landed_first_name') }} as first_name,
        {{ northstar.clean_text('landed_last_name') }} as last_name,
        {{ northstar.clean_text('landed_accepts_marketing') }} as accepts_marketing_text,
        {{ northstar.clean_text('landed_country_code') }} as country_code_text,
        {{ northstar.clean_text('landed_created_at') }} as created_at_text,
        {{ northstar.clean_text('landed_updated_at') }} as updated_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('email_text') }} as email,
        {{ northstar.phone_dial_string('phone_text') }} as phone_dial_string,
        {{ northstar.normalise_country_code('country_code_text') }} as country_code,
        coalesce(
            {{ northstar.normalise_country_code('country_code_text') }},
            {{ northstar.source_default_region('shop_customers') }}
        ) as phone_region_code,
        {{ northstar.safe_cast_boolean('accepts_marketing_text') }} as has_accepted_marketing,
        {{ northstar.safe_cast_timestamp('created_at_text') }} as created_at,
        {{ northstar.safe_cast_timestamp('updated_at_text') }} as updated_at
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
        {{ northstar.value_reject_checks('shop_customers', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        customer_id,
        customer_id as record_key,

        -- strings
        case when email is not null then email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,
        case when phone_e164 is not null then phone_text end as phone_raw,
        phone_e164,
        first_name,
        last_name,
        country_code,

        -- booleans
        has_accepted_marketing,

        -- timestamps
        created_at,
        updated_at,

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
            'customer_id',
            'coalesce(updated_at, created_at) desc nulls last',
            ['email_raw', 'phone_raw', 'first_name', 'last_name', 'country_code'],
            ['has_accepted_marketing', 'created_at', 'updated_at']
        ) }}
    from judged
)

select * from final
