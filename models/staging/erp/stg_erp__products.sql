with

products as (
    select * from {{ ref('base_erp__products') }}
),

accepted as (
    select * from products
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by sku
            order by row_fingerprint desc
        ) as version_rank
    from accepted
),

final as (
    select
        -- ids
        sku,

        -- strings
        product_name,
        category,
        brand,
        currency_code,

        -- numerics
        unit_cost,
        list_price,

        -- booleans
        is_active
    from ranked
    where version_rank = 1
)

select * from final
