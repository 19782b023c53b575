-- Shown in Dagster as an asset check of quarantine (a singular test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'quarantine'}}}) }}
-- depends_on: {{ ref('quarantine') }}
-- Quantities that reach staging are whole numbers of zero or more.
with

shop_order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

pos_transaction_lines as (
    select * from {{ ref('stg_pos__transaction_lines') }}
),

inventory as (
    select * from {{ ref('stg_erp__inventory') }}
),

problems as (
    select
        'stg_shop__order_lines' as model_name,
        order_line_id as record_key,
        quantity
    from shop_order_lines
    where quantity < 0

    union all

    select
        'stg_pos__transaction_lines' as model_name,
        transaction_line_id as record_key,
        quantity
    from pos_transaction_lines
    where quantity < 0

    union all

    select
        'stg_erp__inventory' as model_name,
        inventory_snapshot_id as record_key,
        on_hand_qty as quantity
    from inventory
    where on_hand_qty < 0
)

select * from problems
