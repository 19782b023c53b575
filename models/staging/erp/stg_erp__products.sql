with

products as (
    select * from {{ ref('base_erp__products') }}
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
        is_active,

        -- staging metadata
        version_count
    from products
    where version_rank = 1
)

select * from final
