-- Order lines, online and in store, one row per line of an order in fct_orders, with the
-- product (ERP), the amounts in the base currency, the ERP unit cost in the base currency and
-- the margin (line amount less quantity times unit cost; null when the cost is unknown).
with

order_lines as (
    select * from {{ ref('int_order_lines_unioned') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

converted as (
    select
        order_lines.*,
        orders.person_id,
        orders.channel,
        orders.is_revenue,
        orders.ordered_at,
        {{ amount_in_base_currency('order_lines.line_amount', 'currencies.rate_to_base') }}
            as line_amount_base
    from order_lines
    inner join orders on order_lines.order_key = orders.order_key
    left join currencies on orders.currency_code = currencies.currency_code
),

final as (
    select
        -- ids
        cast(order_line_key as varchar) as order_line_key,
        cast(order_key as varchar) as order_key,
        cast(person_id as varchar) as person_id,

        -- strings
        cast(channel as varchar) as channel,
        cast(sku as varchar) as sku,
        cast(product_name as varchar) as product_name,
        cast(category as varchar) as category,
        cast(brand as varchar) as brand,

        -- numerics
        quantity,
        unit_price,
        line_amount,
        line_amount_base,
        unit_cost_base,
        cast(line_amount_base - quantity * unit_cost_base as decimal(18, 2))
            as margin_amount_base,

        -- booleans
        is_revenue,

        -- timestamps
        cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at
    from converted
)

select * from final
