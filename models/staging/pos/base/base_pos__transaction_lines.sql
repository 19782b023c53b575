{#-
    Every row of raw.pos_transaction_lines, typed and judged (see base_shop__customers). A line is
    keyed by its transaction and line number and needs a quantity of zero or more and an amount.
-#}
{%- set landed = ['transaction_id', 'line_number', 'sku', 'quantity', 'amount'] -%}

{%- set row_checks = northstar.key_checks('transaction_id', 'transaction_id')
    + northstar.cast_checks(
        'line_number', 'line_number_text', 'line_number', 'not_an_integer'
    )
    + northstar.quantity_checks('quantity', 'quantity_text', 'quantity')
    + northstar.cast_checks('amount', 'amount_text', 'amount', 'not_a_decimal') -%}

{%- set value_checks = {} -%}

with

source as (
    select * from {{ raw_source('pos', 'pos_transaction_lines') }}
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
        {{ northstar.clean_text('landed_line_number') }} as line_number_text,
        {{ northstar.clean_text('landed_sku') }} as sku,
        {{ northstar.clean_text('landed_quantity') }} as quantity_text,
        {{ northstar.clean_text('landed_amount') }} as amount_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.safe_cast_integer('line_number_text') }} as line_number,
        {{ northstar.safe_cast_integer('quantity_text') }} as quantity,
        {{ northstar.safe_cast_decimal('amount_text') }} as amount
    from cleaned
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }}
    from typed
),

judged as (
    select
        -- ids
        {{ dbt.concat(['transaction_id', "'#'", dbt.cast('line_number', dbt.type_string())]) }}
            as transaction_line_id,
        transaction_id,
        {{ dbt.concat([
            "coalesce(transaction_id, '')", "'#'", "coalesce(line_number_text, '')"
        ]) }} as record_key,

        -- strings
        sku,

        -- numerics
        line_number,
        quantity,
        amount,

        -- verdicts
        {{ northstar.row_reject_columns(row_checks) }},
        {{ northstar.has_value_reject(value_checks) }} as has_value_reject,
        {{ northstar.raw_values_of_rejects(landed, value_checks) }} as raw_values
    from checked
),

final as (
    select
        *,
        {{ northstar.version_columns(
            'transaction_line_id',
            none,
            ['transaction_id', 'sku'],
            ['line_number', 'quantity', 'amount']
        ) }}
    from judged
)

select * from final
