with

members as (
    select * from {{ ref('base_loyalty__members') }}
),

final as (
    select
        -- ids
        loyalty_card_number,

        -- strings
        email_raw,
        email,
        email_folded,
        phone_raw,
        phone_e164,
        first_name,
        last_name,
        tier,

        -- timestamps
        enrolled_at,

        -- staging metadata
        version_count
    from members
    where version_rank = 1
)

select * from final
