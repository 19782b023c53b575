-- Purchase traits per person (every person, zeros for those who never ordered): orders that
-- count toward revenue up to the as-of day, revenue and average order value in the base
-- currency, the value of the last 12 months, first and last order and days since the last.
with

orders as (
    select * from {{ ref('fct_orders') }}
),

persons as (
    select distinct person_id from {{ ref('int_identity_persons_assigned') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

revenue_orders as (
    select
        orders.person_id,
        orders.total_amount_base,
        orders.ordered_at,
        cast(orders.ordered_at as date) >= {{ dbt.dateadd('month', -12, 'as_of.as_of_date') }}
        and cast(orders.ordered_at as date) <= as_of.as_of_date as is_in_last_12_months
    from orders
    cross join as_of
    where
        orders.person_id is not null
        and orders.is_revenue
        and cast(orders.ordered_at as date) <= as_of.as_of_date
),

per_person as (
    select
        person_id,
        count(*) as order_count,
        sum(total_amount_base) as revenue_base,
        sum(case when is_in_last_12_months then total_amount_base else 0 end)
            as value_12m_base,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from revenue_orders
    group by person_id
),

final as (
    select
        persons.person_id,
        coalesce(per_person.order_count, 0) as order_count,
        cast(coalesce(per_person.revenue_base, 0) as decimal(18, 2)) as revenue_base,
        -- revenue / orders rounded half up to cents, the same on every warehouse (DuckDB
        -- divides decimals in floating point): floor((2 * cents + n) / 2n) cents.
        cast(
            floor(
                (200 * per_person.revenue_base + per_person.order_count)
                / (2.0 * nullif(per_person.order_count, 0))
            ) / 100 as decimal(18, 2)
        ) as average_order_value_base,
        cast(coalesce(per_person.value_12m_base, 0) as decimal(18, 2)) as value_12m_base,
        cast(
            {{ dbt.datediff('cast(per_person.last_order_at as date)', 'as_of.as_of_date', 'day') }}
            as integer
        ) as days_since_last_order,
        per_person.first_order_at,
        per_person.last_order_at
    from persons
    cross join as_of
    left join per_person on persons.person_id = per_person.person_id
)

select * from final
