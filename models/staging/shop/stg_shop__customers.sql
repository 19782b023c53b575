with

customers as (
    select * from {{ ref('base_shop__customers') }}
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
        updated_at,

        -- staging metadata
        version_count
    from customers
    where version_rank = 1
)

select * from final
