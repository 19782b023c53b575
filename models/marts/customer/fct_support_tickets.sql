-- Help-desk tickets, one row per ticket, with the requester's person (identity resolution),
-- whether it is still open and how long it took to solve. Requester contact details and the
-- free-text subject stay out (PII).
with

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

records as (
    select * from {{ ref('int_identity_records_assigned') }}
),

ticket_records as (
    select
        record_key as ticket_id,
        person_id
    from records
    where source_table = 'support_tickets'
),

timed as (
    select
        tickets.*,
        ticket_records.person_id,
        {{ seconds_between('tickets.created_at', 'tickets.solved_at') }} as resolution_seconds
    from tickets
    left join ticket_records on tickets.ticket_id = ticket_records.ticket_id
),

final as (
    select
        -- ids
        cast(ticket_id as varchar) as ticket_id,
        cast(person_id as varchar) as person_id,

        -- strings
        cast(channel as varchar) as channel,
        cast(status as varchar) as status,
        cast(priority as varchar) as priority,

        -- numerics
        cast(csat_score as integer) as csat_score,
        cast(
            round(cast(resolution_seconds as decimal(18, 2)) / 3600, 2) as decimal(18, 2)
        ) as resolution_hours,

        -- booleans
        coalesce(status, '') not in ('solved', 'closed') as is_open,

        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(solved_at as {{ dbt.type_timestamp() }}) as solved_at
    from timed
)

select * from final
