with

customers as (
    select * from {{ ref('base_shop__customers') }}
),

accepted as (
    select * from customers
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by customer_id
            order by coalesce(updated_at, created_at) desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
),

final as (
    select
        -- ids
        customer_id,

        -- strings
        email_raw,
        email,
        email_folded,
        phone_raw,
        phone_e164,
        first_name,
        last_name,
        country_code,

        -- booleans
        has_accepted_marketing,

        -- timestamps
        created_at,
        updated_at
    from ranked
    where version_rank = 1
)

select * from final
