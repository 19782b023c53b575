-- Product-category affinity per person: the categories they bought (spend in the base currency
-- on order lines that count toward revenue, up to the as-of day) and the ones they declared in
-- the preference centre. spend_rank orders the bought categories by spend, then name; a
-- declared-only category has no rank.
with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

interests as (
    select * from {{ ref('int_customer_interests_declared') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

bought as (
    select
        order_lines.person_id,
        lower({{ northstar.trim_whitespace('order_lines.category') }}) as category,
        sum(order_lines.line_amount_base) as spend_base,
        count(*) as line_count
    from order_lines
    cross join as_of
    where
        order_lines.person_id is not null
        and order_lines.is_revenue
        and order_lines.category is not null
        and cast(order_lines.ordered_at as date) <= as_of.as_of_date
    group by
        order_lines.person_id,
        lower({{ northstar.trim_whitespace('order_lines.category') }})
),

declared as (
    select distinct
        person_id,
        interest as category
    from interests
),

combined as (
    select
        coalesce(bought.person_id, declared.person_id) as person_id,
        coalesce(bought.category, declared.category) as category,
        coalesce(bought.spend_base, 0) as spend_base,
        coalesce(bought.line_count, 0) as line_count,
        bought.person_id is not null as is_bought,
        declared.person_id is not null as is_declared
    from bought
    full outer join declared
        on
            bought.person_id = declared.person_id
            and bought.category = declared.category
),

final as (
    select
        *,
        case
            when is_bought then row_number() over (
                partition by person_id, is_bought
                order by spend_base desc, {{ northstar.tie_break_order(['category']) }}
            )
        end as spend_rank
    from combined
)

select * from final
