-- Support traits per person: tickets, open tickets and the average CSAT score of the tickets
-- that have one.
with

support_tickets as (
    select * from {{ ref('fct_support_tickets') }}
),

final as (
    select
        person_id,
        count(*) as ticket_count,
        sum(case when is_open then 1 else 0 end) as open_ticket_count,
        avg(csat_score) as average_csat,
        max(created_at) as last_ticket_at
    from support_tickets
    where person_id is not null
    group by person_id
)

select * from final
