{#-
    Every row of raw.shop_order_lines, typed and judged (see base_shop__customers). A line needs
    its key, its order id, a quantity of zero or more and a unit price; a line whose order is not
    (or not yet) in shop_orders is kept.
-#}
{%- set landed = ['id', 'order_id', 'sku', 'quantity', 'unit_price'] -%}

{%- set row_checks = northstar.key_checks('id', 'order_line_id')
    + [{'field': 'order_id', 'code': 'missing_value', 'when': 'order_id is null'}]
    + northstar.quantity_checks('quantity', 'quantity_text', 'quantity')
    + northstar.cast_checks('unit_price', 'unit_price_text', 'unit_price', 'not_a_decimal') -%}

{%- set value_checks = {} -%}

with

source as (
    select * from {{ raw_source('shop', 'shop_order_lines') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_id') }} as order_line_id,
        {{ northstar.clean_text('landed_order_id') }} as order_id,
        {{ northstar.clean_text('landed_sku') }} as sku,
        {{ northstar.clean_text('landed_quantity') }} as quantity_text,
        {{ northstar.clean_text('landed_unit_price') }} as unit_price_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.safe_cast_integer('quantity_text') }} as quantity,
        {{ northstar.safe_cast_decimal('unit_price_text') }} as unit_price
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
        order_line_id,
        order_id,
        order_line_id as record_key,

        -- strings
        sku,

        -- numerics
        quantity,
        unit_price,

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
            'order_line_id',
            none,
            ['order_id', 'sku'],
            ['quantity', 'unit_price']
        ) }}
    from judged
)

select * from final
