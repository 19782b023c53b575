with

orders as (
    select * from {{ ref('base_shop__orders') }}
),

accepted as (
    select * from orders
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by order_id
            order by coalesce(updated_at, created_at) desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
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
        cancelled_at
    from ranked
    where version_rank = 1
)

select * from final
