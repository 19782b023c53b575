-- Next best offer by email: each person's first-ranked offer from fct_next_best_offers, with
-- the email and first name to address it. One row per person with an email.
with

offers as (
    select * from {{ ref('fct_next_best_offers') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        offers.person_id,
        customers.email,
        customers.first_name,
        offers.sku as offer_sku,
        offers.product_name as offer_product_name,
        offers.category as offer_category,
        offers.list_price_base as offer_price_base
    from offers
    inner join customers on offers.person_id = customers.person_id
    where
        customers.email is not null
        and offers.offer_rank = 1
)

select * from final
