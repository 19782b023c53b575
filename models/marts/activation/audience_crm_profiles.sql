-- The CRM profile: every known customer's golden record and key traits (last order, lifetime
-- value, loyalty tier, open tickets) so sales and service see the whole relationship. Its sync
-- rests on the contract legal basis (purpose customer_service): marketing consent does not gate
-- it, erasure and suppression do. One row per person with an email.
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
        phone,
        country_code,
        loyalty_tier,
        rfm_segment,
        order_count,
        lifetime_value_base,
        open_ticket_count,
        last_order_at
    from customers
    where email is not null
)

select * from final
