with

inventory as (
    select * from {{ ref('base_erp__inventory') }}
),

accepted as (
    select * from inventory
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by inventory_snapshot_id
            order by row_fingerprint desc
        ) as version_rank
    from accepted
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
        snapshot_at
    from ranked
    where version_rank = 1
)

select * from final
