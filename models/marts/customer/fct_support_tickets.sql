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
        -- hundredths of an hour rounded half up in exact arithmetic on every warehouse (DuckDB
        -- divides decimals in floating point: 8.155 h became 8.15 there and 8.16 on PostgreSQL)
        cast(
            floor((resolution_seconds * 100 + 1800) / 3600.0) / 100 as decimal(18, 2)
        ) as resolution_hours,

        -- booleans
        coalesce(status, '') not in ('solved', 'closed') as is_open,

        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(solved_at as {{ dbt.type_timestamp() }}) as solved_at
    from timed
)

select * from final
