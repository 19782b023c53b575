{#-
    RFM scores per person. Among the persons with an order that counts toward revenue, each
    measure is scored 1..5 by its mid-rank quintile: score = floor(5 * (midrank - 0.5) / n) + 1,
    where n is the number of buyers and the midrank of a value is the average position of the
    buyers holding it. Equal values always get equal scores (ties never split by row order),
    distinct values spread evenly over 1..5, and a single buyer scores 3 (the middle: nothing
    to compare with). Recency: fewer days since the last order scores higher; frequency: more
    orders; monetary: more revenue. The segment is the first row of seed rfm_segments (in
    rule_order) whose ranges hold the three scores; persons without orders match as 0, 0, 0.
-#}
{%- set measures = [
    ('recency', 'days_since_last_order', 'desc'),
    ('frequency', 'order_count', 'asc'),
    ('monetary', 'revenue_base', 'asc'),
] -%}

with

orders_summarised as (
    select * from {{ ref('int_customer_orders_summarised') }}
),

segments as (
    select * from {{ ref('rfm_segments') }}
),

buyers as (
    select *
    from orders_summarised
    where order_count > 0
),

ranked as (
    select
        person_id,
        {%- for name, column, direction in measures %}
        rank() over (order by {{ column }} {{ direction }}) as {{ name }}_rank,
        count(*) over (partition by {{ column }}) as {{ name }}_ties,
        {%- endfor %}
        count(*) over () as buyer_count
    from buyers
),

scored as (
    select
        person_id,
        {%- for name, column, direction in measures %}
        cast(
            floor(
                5.0 * (2 * ({{ name }}_rank - 1) + {{ name }}_ties) / (2.0 * buyer_count)
            ) + 1 as integer
        ) as {{ name }}_score,
        {%- endfor %}
        buyer_count
    from ranked
),

persons_scored as (
    select
        orders_summarised.person_id,
        scored.recency_score,
        scored.frequency_score,
        scored.monetary_score
    from orders_summarised
    left join scored on orders_summarised.person_id = scored.person_id
),

segment_matches as (
    select
        persons_scored.*,
        segments.rfm_segment,
        row_number() over (
            partition by persons_scored.person_id
            order by segments.rule_order
        ) as match_rank
    from persons_scored
    left join segments
        on
            coalesce(persons_scored.recency_score, 0)
            between segments.recency_score_min and segments.recency_score_max
            and coalesce(persons_scored.frequency_score, 0)
            between segments.frequency_score_min and segments.frequency_score_max
            and coalesce(persons_scored.monetary_score, 0)
            between segments.monetary_score_min and segments.monetary_score_max
),

final as (
    select
        person_id,
        recency_score,
        frequency_score,
        monetary_score,
        rfm_segment
    from segment_matches
    where match_rank = 1
)

select * from final
