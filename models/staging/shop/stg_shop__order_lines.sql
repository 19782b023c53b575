with

order_lines as (
    select * from {{ ref('base_shop__order_lines') }}
),

accepted as (
    select * from order_lines
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by order_line_id
            order by row_fingerprint desc
        ) as version_rank
    from accepted
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
        unit_price
    from ranked
    where version_rank = 1
)

select * from final
