{#-
    Every row of raw.pos_transactions, typed, normalised and judged (see base_shop__customers).
    A transaction needs its id, a known currency, a total and the time it occurred. Phones are
    read with the source's default region (the POS records no country).
-#}
{%- set landed = [
    'transaction_id', 'store_id', 'loyalty_card_number', 'phone', 'total_amount', 'currency',
    'occurred_at',
] -%}

{%- set row_checks = northstar.key_checks('transaction_id', 'transaction_id')
    + northstar.cast_checks('occurred_at', 'occurred_at_text', 'occurred_at', 'not_a_timestamp')
    + northstar.currency_checks('currency', 'currency_text', 'currency_code')
    + northstar.cast_checks(
        'total_amount', 'total_amount_text', 'total_amount', 'not_a_decimal'
    ) -%}

{%- set value_checks = {
    'phone': northstar.phone_value_check('phone', 'phone_region_code'),
} -%}

with

source as (
    select * from {{ raw_source('pos', 'pos_transactions') }}
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
        {{ northstar.clean_text('landed_transaction_id') }} as transaction_id,
        {{ northstar.clean_text('landed_store_id') }} as store_id,
        {{ northstar.clean_text('landed_loyalty_card_number') }} as loyalty_card_number,
        {{ northstar.clean_text('landed_phone') }} as phone_text,
        {{ northstar.clean_text('landed_total_amount') }} as total_amount_text,
        upper({{ northstar.clean_text('landed_currency') }}) as currency_text,
        {{ northstar.clean_text('landed_occurred_at') }} as occurred_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.phone_dial_string('phone_text') }} as phone_dial_string,
        {{ northstar.source_default_region('pos_transactions') }} as phone_region_code,
        {{ northstar.safe_cast_decimal('total_amount_text') }} as total_amount,
        {{ northstar.safe_cast_timestamp('occurred_at_text') }} as occurred_at
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
        {{ northstar.value_reject_checks('pos_transactions', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        transaction_id,
        store_id,
        loyalty_card_number,
        transaction_id as record_key,

        -- strings
        case when phone_e164 is not null then phone_text end as phone_raw,
        phone_e164,
        currency_code,

        -- numerics
        total_amount,

        -- timestamps
        occurred_at,

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
            'transaction_id',
            'occurred_at desc nulls last',
            ['store_id', 'loyalty_card_number', 'phone_raw', 'currency_code'],
            ['total_amount', 'occurred_at']
        ) }}
    from judged
)

select * from final
