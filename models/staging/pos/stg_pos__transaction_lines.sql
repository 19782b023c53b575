with

transaction_lines as (
    select * from {{ ref('base_pos__transaction_lines') }}
),

final as (
    select
        -- ids
        transaction_line_id,
        transaction_id,

        -- strings
        sku,

        -- numerics
        line_number,
        quantity,
        amount,

        -- staging metadata
        version_count
    from transaction_lines
    where version_rank = 1
)

select * from final
