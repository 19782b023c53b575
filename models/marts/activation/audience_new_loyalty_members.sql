-- New loyalty members: persons whose loyalty card was enrolled in the 30 days up to the
-- Customer 360 as-of day (the earliest enrolment of the person's cards counts). One row per
-- person with an email.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

identifiers as (
    select * from {{ ref('dim_customer_identifiers') }}
),

members as (
    select * from {{ ref('stg_loyalty__members') }}
),

as_of_dates as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

enrolments as (
    select
        identifiers.person_id,
        min(members.enrolled_at) as enrolled_at
    from members
    inner join identifiers
        on
            identifiers.identifier_type = 'loyalty_card_number'
            and members.loyalty_card_number = identifiers.identifier_value
    group by identifiers.person_id
),

final as (
    select
        enrolments.person_id,
        customers.email,
        customers.first_name,
        customers.loyalty_tier,
        enrolments.enrolled_at
    from enrolments
    inner join customers on enrolments.person_id = customers.person_id
    cross join as_of_dates
    where
        customers.email is not null
        and enrolments.enrolled_at >= cast(as_of_dates.as_of_date as timestamp) - interval '29 days'
        and enrolments.enrolled_at < cast(as_of_dates.as_of_date as timestamp) + interval '1 day'
)

select * from final
