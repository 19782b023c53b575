-- Stock per product: the latest snapshot of each location (sku, location_id), summed over the
-- locations. available_qty = on hand minus reserved; a product is in stock when it is above 0.
with

inventory as (
    select * from {{ ref('stg_erp__inventory') }}
),

latest_snapshots as (
    select
        *,
        row_number() over (
            partition by sku, location_id
            order by
                snapshot_at desc nulls last,
                {{ northstar.tie_break_order(['inventory_snapshot_id']) }}
        ) as snapshot_rank
    from inventory
),

per_product as (
    select
        sku,
        count(*) as location_count,
        sum(coalesce(on_hand_qty, 0)) as on_hand_qty,
        sum(coalesce(reserved_qty, 0)) as reserved_qty,
        sum(coalesce(on_hand_qty, 0) - coalesce(reserved_qty, 0)) as available_qty,
        max(snapshot_at) as latest_snapshot_at
    from latest_snapshots
    where snapshot_rank = 1
    group by sku
),

final as (
    select
        *,
        available_qty > 0 as is_in_stock
    from per_product
)

select * from final
