-- Cart and browse abandoners of the last 7 days (up to the Customer 360 as-of day): identified
-- persons who added to cart (cart) or browsed (a web session, browse) and have not ordered since
-- their latest such visit. A person who did both is a cart abandoner. One row per person with
-- an email.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

web_identifiers as (
    select * from {{ ref('int_web_identifiers_attributed') }}
),

web_sessions as (
    select * from {{ ref('fct_web_sessions') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of_dates as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

window_bounds as (
    select
        cast(as_of_date as timestamp) - interval '6 days' as window_start,
        cast(as_of_date as timestamp) + interval '1 day' as window_end
    from as_of_dates
),

cart_adds as (
    select
        web_identifiers.person_id,
        max(web_events.sent_at) as last_cart_at,
        count(*) as cart_add_count
    from web_events
    inner join web_identifiers
        on
            web_identifiers.identifier_type = 'anonymous_id'
            and web_events.anonymous_id = web_identifiers.identifier_value
    cross join window_bounds
    where
        web_events.event_name = 'Added to Cart'
        and web_events.sent_at >= window_bounds.window_start
        and web_events.sent_at < window_bounds.window_end
    group by web_identifiers.person_id
),

browsing as (
    select
        web_sessions.person_id,
        max(web_sessions.started_at) as last_session_at,
        count(*) as session_count
    from web_sessions
    cross join window_bounds
    where
        web_sessions.person_id is not null
        and web_sessions.started_at >= window_bounds.window_start
        and web_sessions.started_at < window_bounds.window_end
    group by web_sessions.person_id
),

visits as (
    select
        cart_adds.last_cart_at,
        coalesce(browsing.person_id, cart_adds.person_id) as person_id,
        coalesce(cart_adds.cart_add_count, 0) as cart_add_count,
        coalesce(browsing.session_count, 0) as session_count,
        greatest(
            coalesce(cart_adds.last_cart_at, browsing.last_session_at),
            coalesce(browsing.last_session_at, cart_adds.last_cart_at)
        ) as last_visit_at
    from browsing
    full outer join cart_adds on browsing.person_id = cart_adds.person_id
),

last_orders as (
    select
        person_id,
        max(ordered_at) as last_ordered_at
    from orders
    where person_id is not null
    group by person_id
),

final as (
    select
        visits.person_id,
        customers.email,
        customers.first_name,
        visits.cart_add_count,
        visits.session_count,
        visits.last_cart_at,
        visits.last_visit_at,
        case when visits.cart_add_count > 0 then 'cart' else 'browse' end as abandonment_type
    from visits
    inner join customers on visits.person_id = customers.person_id
    left join last_orders on visits.person_id = last_orders.person_id
    where
        customers.email is not null
        and (
            last_orders.last_ordered_at is null
            or last_orders.last_ordered_at < visits.last_visit_at
        )
)

select * from final
