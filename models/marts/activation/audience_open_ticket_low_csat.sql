-- For the CRM: people with at least one open support ticket whose average CSAT is low (2 or
-- less out of 5), so service can reach out. One row per person with an email.
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
        open_ticket_count,
        ticket_count,
        average_csat
    from customers
    where
        email is not null
        and open_ticket_count > 0
        and average_csat <= 2
)

select * from final
