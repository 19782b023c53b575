-- Web-shop orders and in-store (POS) transactions in one shape, one row per order: the channel,
-- the number of lines, the total in its own and in the base currency (currencies seed, EUR = 1),
-- whether it counts toward revenue, and the person of the record (identity resolution).
with

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

shop_order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

pos_transaction_lines as (
    select * from {{ ref('stg_pos__transaction_lines') }}
),

records as (
    select * from {{ ref('int_identity_records_assigned') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

shop_line_counts as (
    select
        order_id,
        count(*) as line_count
    from shop_order_lines
    group by order_id
),

pos_line_counts as (
    select
        transaction_id,
        count(*) as line_count
    from pos_transaction_lines
    group by transaction_id
),

shop as (
    select
        'shop_orders:' || shop_orders.order_id as order_key,
        shop_orders.order_id,
        'shop_orders' as source_table,
        'online' as channel,
        cast(null as {{ dbt.type_string() }}) as store_id,
        shop_orders.order_number,
        shop_orders.currency_code,
        shop_orders.financial_status,
        shop_orders.shipping_country,
        coalesce(shop_line_counts.line_count, 0) as line_count,
        shop_orders.total_price as total_amount,
        shop_orders.cancelled_at is not null as is_cancelled,
        shop_orders.created_at as ordered_at,
        shop_orders.cancelled_at,
        greatest(
            shop_orders.created_at,
            coalesce(shop_orders.updated_at, shop_orders.created_at),
            coalesce(shop_orders.cancelled_at, shop_orders.created_at)
        ) as source_updated_at
    from shop_orders
    left join shop_line_counts on shop_orders.order_id = shop_line_counts.order_id
),

pos as (
    select
        'pos_transactions:' || pos_transactions.transaction_id as order_key,
        pos_transactions.transaction_id as order_id,
        'pos_transactions' as source_table,
        'store' as channel,
        pos_transactions.store_id,
        cast(null as {{ dbt.type_string() }}) as order_number,
        pos_transactions.currency_code,
        -- Paid at the till.
        'paid' as financial_status,
        cast(null as {{ dbt.type_string() }}) as shipping_country,
        coalesce(pos_line_counts.line_count, 0) as line_count,
        pos_transactions.total_amount,
        false as is_cancelled,
        pos_transactions.occurred_at as ordered_at,
        cast(null as {{ dbt.type_timestamp() }}) as cancelled_at,
        pos_transactions.occurred_at as source_updated_at
    from pos_transactions
    left join pos_line_counts
        on pos_transactions.transaction_id = pos_line_counts.transaction_id
),

unioned as (
    select * from shop
    union all
    select * from pos
),

final as (
    select
        -- ids
        unioned.order_key,
        unioned.order_id,
        records.person_id,

        -- strings
        unioned.channel,
        unioned.source_table,
        unioned.store_id,
        unioned.order_number,
        unioned.currency_code,
        unioned.financial_status,
        unioned.shipping_country,

        -- numerics
        cast(unioned.line_count as integer) as line_count,
        cast(unioned.total_amount as decimal(18, 2)) as total_amount,
        {{ amount_in_base_currency('unioned.total_amount', 'currencies.rate_to_base') }}
            as total_amount_base,

        -- booleans
        unioned.is_cancelled,
        (
            not unioned.is_cancelled
            and coalesce(unioned.financial_status, '') not in ('refunded', 'voided')
        ) as is_revenue,

        -- timestamps
        unioned.ordered_at,
        unioned.cancelled_at,
        unioned.source_updated_at
    from unioned
    left join currencies on unioned.currency_code = currencies.currency_code
    left join records
        on
            unioned.source_table = records.source_table
            and unioned.order_id = records.record_key
)

select * from final
