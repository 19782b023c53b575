with

orders as (
    select * from {{ ref('base_shop__orders') }}
),

final as (
    select
        -- ids
        order_id,
        customer_id,

        -- strings
        order_number,
        email_raw,
        email,
        email_folded,
        phone_raw,
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

        -- staging metadata
        version_count
    from orders
    where version_rank = 1
)

select * from final
