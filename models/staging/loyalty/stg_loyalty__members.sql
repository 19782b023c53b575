with

members as (
    select * from {{ ref('base_loyalty__members') }}
),

accepted as (
    select * from members
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by loyalty_card_number
            order by enrolled_at desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
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
        enrolled_at
    from ranked
    where version_rank = 1
)

select * from final
