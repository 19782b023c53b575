with

transactions as (
    select * from {{ ref('base_pos__transactions') }}
),

final as (
    select
        -- ids
        transaction_id,
        store_id,
        loyalty_card_number,

        -- strings
        phone_raw,
        phone_e164,
        currency_code,

        -- numerics
        total_amount,

        -- timestamps
        occurred_at,

        -- staging metadata
        version_count
    from transactions
    where version_rank = 1
)

select * from final
