-- Lines of web-shop orders and of store transactions in one shape, one row per line, with the
-- ERP product (name, category, brand) and its unit cost converted to the base currency.
with

shop_order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

pos_transaction_lines as (
    select * from {{ ref('stg_pos__transaction_lines') }}
),

products as (
    select * from {{ ref('stg_erp__products') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

shop as (
    select
        'shop_order_lines:' || order_line_id as order_line_key,
        'shop_orders:' || order_id as order_key,
        sku,
        quantity,
        unit_price,
        cast(quantity * unit_price as decimal(18, 2)) as line_amount
    from shop_order_lines
),

pos as (
    select
        'pos_transaction_lines:' || transaction_line_id as order_line_key,
        'pos_transactions:' || transaction_id as order_key,
        sku,
        quantity,
        case
            when quantity > 0 then cast(round(amount / quantity, 2) as decimal(18, 2))
        end as unit_price,
        amount as line_amount
    from pos_transaction_lines
),

unioned as (
    select * from shop
    union all
    select * from pos
),

product_costs as (
    select
        products.sku,
        products.product_name,
        products.category,
        products.brand,
        {{ amount_in_base_currency('products.unit_cost', 'currencies.rate_to_base') }}
            as unit_cost_base
    from products
    left join currencies on products.currency_code = currencies.currency_code
),

final as (
    select
        -- ids
        unioned.order_line_key,
        unioned.order_key,

        -- strings
        unioned.sku,
        product_costs.product_name,
        product_costs.category,
        product_costs.brand,

        -- numerics
        cast(unioned.quantity as integer) as quantity,
        cast(unioned.unit_price as decimal(18, 2)) as unit_price,
        cast(unioned.line_amount as decimal(18, 2)) as line_amount,
        product_costs.unit_cost_base
    from unioned
    left join product_costs on unioned.sku = product_costs.sku
)

select * from final
