-- High-value customers who lapsed: top monetary RFM scores (4-5) with the lowest recency
-- scores (1-2), i.e. they spent a lot but have not ordered for a long time. One row per person
-- with an email.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        person_id,
        email,
        first_name,
        last_name,
        country_code,
        rfm_segment,
        lifetime_value_base,
        days_since_last_order,
        last_order_at
    from customers
    where
        email is not null
        and rfm_monetary_score >= 4
        and rfm_recency_score <= 2
)

select * from final
