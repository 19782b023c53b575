{#-
    Every row of raw.erp_inventory, typed and judged (see base_shop__customers). A snapshot row
    is keyed by SKU, location and snapshot time and needs an on-hand quantity of zero or more; a
    reserved quantity that does not cast is dropped, not the row.
-#}
{%- set landed = ['sku', 'location_id', 'on_hand_qty', 'reserved_qty', 'snapshot_at'] -%}

{%- set row_checks = northstar.key_checks('sku', 'sku')
    + northstar.key_checks('location_id', 'location_id')
    + northstar.cast_checks('snapshot_at', 'snapshot_at_text', 'snapshot_at', 'not_a_timestamp')
    + northstar.quantity_checks('on_hand_qty', 'on_hand_qty_text', 'on_hand_qty') -%}

{%- set value_checks = {
    'reserved_qty': northstar.cast_value_check(
        'reserved_qty_text', 'reserved_qty', 'not_an_integer'
    ),
} -%}

with

source as (
    select * from {{ raw_source('erp', 'erp_inventory') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_sku') }} as sku,
        {{ northstar.clean_text('landed_location_id') }} as location_id,
        {{ northstar.clean_text('landed_on_hand_qty') }} as on_hand_qty_text,
        {{ northstar.clean_text('landed_reserved_qty') }} as reserved_qty_text,
        {{ northstar.clean_text('landed_snapshot_at') }} as snapshot_at_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.safe_cast_integer('on_hand_qty_text') }} as on_hand_qty,
        {{ northstar.safe_cast_integer('reserved_qty_text') }} as reserved_qty,
        {{ northstar.safe_cast_timestamp('snapshot_at_text') }} as snapshot_at
    from cleaned
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('erp_inventory', value_checks) }}
    from typed
),

judged as (
    select
        -- ids
        {{ dbt.concat([
            'sku', "'@'", 'location_id', "'@'", dbt.cast('snapshot_at', dbt.type_string())
        ]) }} as inventory_snapshot_id,
        sku,
        location_id,
        {{ dbt.concat([
            "coalesce(sku, '')", "'@'", "coalesce(location_id, '')", "'@'",
            "coalesce(snapshot_at_text, '')"
        ]) }} as record_key,

        -- numerics
        on_hand_qty,
        reserved_qty,

        -- timestamps
        snapshot_at,

        -- verdicts
        {{ northstar.row_reject_columns(row_checks) }},
        {{ northstar.value_reject_columns(value_checks) }},
        {{ northstar.has_value_reject(value_checks) }} as has_value_reject,
        {{ northstar.raw_values_of_rejects(landed, value_checks) }} as raw_values
    from checked
),

final as (
    select
        *,
        {{ northstar.version_columns(
            'inventory_snapshot_id',
            none,
            ['sku', 'location_id'],
            ['on_hand_qty', 'reserved_qty', 'snapshot_at']
        ) }}
    from judged
)

select * from final
