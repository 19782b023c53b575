with

transactions as (
    select * from {{ ref('base_pos__transactions') }}
),

accepted as (
    select * from transactions
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by transaction_id
            order by occurred_at desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
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
        occurred_at
    from ranked
    where version_rank = 1
)

select * from final
