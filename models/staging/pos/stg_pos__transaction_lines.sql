with

transaction_lines as (
    select * from {{ ref('base_pos__transaction_lines') }}
),

accepted as (
    select * from transaction_lines
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by transaction_line_id
            order by row_fingerprint desc
        ) as version_rank
    from accepted
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
        amount
    from ranked
    where version_rank = 1
)

select * from final
