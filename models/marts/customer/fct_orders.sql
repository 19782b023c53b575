{{
    config(
        materialized='incremental',
        unique_key='order_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="""
            {%- if is_incremental() %}
            -- Orders gone upstream (erased, removed) leave the table too.
            delete from {{ this }} as facts
            where
                (
                    facts.source_table = 'shop_orders'
                    and not exists (
                        select 1
                        from {{ ref('stg_shop__orders') }} as orders
                        where orders.order_id = facts.order_id
                    )
                )
                or (
                    facts.source_table = 'pos_transactions'
                    and not exists (
                        select 1
                        from {{ ref('stg_pos__transactions') }} as transactions
                        where transactions.transaction_id = facts.order_id
                    )
                )
            {%- endif %}
        """,
    )
}}
-- depends_on: {{ ref('stg_shop__orders') }}
-- depends_on: {{ ref('stg_pos__transactions') }}
-- Orders, online (web shop) and in store (POS) in one table, one row per order, with the
-- person, the total in the order's and in the base currency, and whether it counts toward
-- revenue. Incremental: an order is written when it is not in the table yet, when its source
-- stamp (created, updated or cancelled; for POS when it occurred) is after that source's latest
-- in the table less the lookback, or when its person, line count or base amount changed; a
-- post-hook deletes the orders gone upstream.
with

orders as (
    select * from {{ ref('int_orders_unioned') }}
),

{% if is_incremental() %}
existing_orders as (
    select * from {{ this }}
),

watermarks as (
    select
        source_table,
        max(source_updated_at) as updated_through
    from existing_orders
    group by source_table
),

{% endif %}
selected_orders as (
    select orders.*
    from orders
    {%- if is_incremental() %}
    left join existing_orders on orders.order_key = existing_orders.order_key
    left join watermarks on orders.source_table = watermarks.source_table
    where
        existing_orders.order_key is null
        or orders.source_updated_at
        > {{ incremental_lookback_start('watermarks.updated_through') }}
        or orders.person_id is distinct from existing_orders.person_id
        or orders.line_count <> existing_orders.line_count
        or orders.total_amount_base is distinct from existing_orders.total_amount_base
    {%- endif %}
),

final as (
    select
        -- ids
        cast(order_key as varchar) as order_key,
        cast(order_id as varchar) as order_id,
        cast(person_id as varchar) as person_id,

        -- strings
        cast(channel as varchar) as channel,
        cast(source_table as varchar) as source_table,
        cast(store_id as varchar) as store_id,
        cast(order_number as varchar) as order_number,
        cast(currency_code as varchar) as currency_code,
        cast(financial_status as varchar) as financial_status,
        cast(shipping_country as varchar) as shipping_country,

        -- numerics
        line_count,
        total_amount,
        total_amount_base,

        -- booleans
        is_cancelled,
        is_revenue,

        -- timestamps
        cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
        cast(cancelled_at as {{ dbt.type_timestamp() }}) as cancelled_at,
        cast(source_updated_at as {{ dbt.type_timestamp() }}) as source_updated_at
    from selected_orders
)

select * from final
