{#-
    Every row of raw.shop_orders, typed, normalised and judged (see base_shop__customers).
    Guest checkouts have no customer_id; the shipping country reads national phone numbers.
-#}
{%- set landed = [
    'id', 'customer_id', 'email', 'phone', 'order_number', 'currency', 'total_price',
    'financial_status', 'shipping_country', 'created_at', 'updated_at', 'cancelled_at',
] -%}

{%- set row_checks = northstar.key_checks('id', 'order_id')
    + northstar.cast_checks('created_at', 'created_at_text', 'created_at', 'not_a_timestamp')
    + northstar.cast_checks(
        'updated_at', 'updated_at_text', 'updated_at', 'not_a_timestamp', required=false
    )
    + northstar.currency_checks('currency', 'currency_text', 'currency_code')
    + northstar.cast_checks('total_price', 'total_price_text', 'total_price', 'not_a_decimal') -%}

{%- set value_checks = {
    'email': northstar.email_value_check('email_text', 'email'),
    'phone': northstar.phone_value_check('phone', 'phone_region_code'),
    'shipping_country': northstar.cast_value_check(
        'shipping_country_text', 'shipping_country', 'not_a_country_code'
    ),
    'cancelled_at': northstar.cast_value_check(
        'cancelled_at_text', 'cancelled_at', 'not_a_timestamp'
    ),
} -%}

with

source as (
    select * from {{ raw_source('shop', 'shop_orders') }}
),

currencies as (
    select * from {{ ref('currencies') }}
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
        {{ northstar.clean_text('landed_id') }} as order_id,
        {{ northstar.clean_text('landed_customer_id') }} as customer_id,
        {{ northstar.clean_text('landed_email') }} as email_text,
        {{ northstar.clean_text('landed_phone') }} as phone_text,
        {{ northstar.clean_text('landed_order_number') }} as order_number,
        upper({{ northstar.clean_text('landed_currency') }}) as currency_text,
        {{ northstar.clean_text('landed_total_price') }} as total_price_text,
        lower({{ northstar.clean_text('landed_financial_status') }}) as financial_status,
        {{ northstar.clean_text('landed_shipping_country') }} as shipping_country_text,
        {{ northstar.clean_text('landed_created_at') }} as created_at_text,
        {{ northstar.clean_text('landed_updated_at') }} as updated_at_text,
        {{ northstar.clean_text('landed_cancelled_at') }} as cancelled_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('email_text') }} as email,
        {{ northstar.phone_dial_string('phone_text') }} as phone_dial_string,
        {{ northstar.normalise_country_code('shipping_country_text') }} as shipping_country,
        coalesce(
            {{ northstar.normalise_country_code('shipping_country_text') }},
            {{ northstar.source_default_region('shop_orders') }}
        ) as phone_region_code,
        {{ northstar.safe_cast_decimal('total_price_text') }} as total_price,
        {{ northstar.safe_cast_timestamp('created_at_text') }} as created_at,
        {{ northstar.safe_cast_timestamp('updated_at_text') }} as updated_at,
        {{ northstar.safe_cast_timestamp('cancelled_at_text') }} as cancelled_at
    from cleaned
),

phones_located as {{ northstar.materialize_cte() }} (
    select
        typed.*,
        known_currency.currency_code,
        {{ northstar.phone_international_digits('typed.phone_dial_string', 'phone_region') }}
            as phone_international_digits
    from typed
    left join currencies as known_currency
        on typed.currency_text = known_currency.currency_code
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
        {{ northstar.value_reject_checks('shop_orders', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        order_id,
        customer_id,
        order_id as record_key,

        -- strings
        order_number,
        case when email is not null then email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,
        case when phone_e164 is not null then phone_text end as phone_raw,
        phone_e164,
        currency_code,
        financial_status,
        shipping_country,

        -- numerics
        total_price,

        -- timestamps
        created_at,
        updated_at,
        cancelled_at,

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
            'order_id',
            'coalesce(updated_at, created_at) desc nulls last',
            [
                'customer_id', 'order_number', 'email_raw', 'phone_raw', 'currency_code',
                'financial_status', 'shipping_country'
            ],
            ['total_price', 'created_at', 'updated_at', 'cancelled_at']
        ) }}
    from judged
)

select * from final
