with

inventory as (
    select * from {{ ref('base_erp__inventory') }}
),

final as (
    select
        -- ids
        inventory_snapshot_id,
        sku,
        location_id,

        -- numerics
        on_hand_qty,
        reserved_qty,

        -- timestamps
        snapshot_at,

        -- staging metadata
        version_count
    from inventory
    where version_rank = 1
)

select * from final
