with

order_lines as (
    select * from {{ ref('base_shop__order_lines') }}
),

final as (
    select
        -- ids
        order_line_id,
        order_id,

        -- strings
        sku,

        -- numerics
        quantity,
        unit_price,

        -- staging metadata
        version_count
    from order_lines
    where version_rank = 1
)

select * from final
