{#-
    The one day Customer 360 traits are computed as of (windows of 30/90 days and 12 months,
    days since the last order, next best offers): the var northstar_as_of_date when set
    ('YYYY-MM-DD'), else the day of the latest order, email event, web session or support
    ticket, so that rebuilding the same data gives the same traits whatever day it runs; with
    no events at all, the day the run started. One row.
-#}
{%- set as_of_var = var('northstar_as_of_date', none) -%}
{%- if as_of_var is not none
    and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of_var | string) -%}
    {{ exceptions.raise_compiler_error(
        "var northstar_as_of_date must be a date 'YYYY-MM-DD' or null, got '"
        ~ as_of_var ~ "'"
    ) }}
{%- endif -%}

with

orders as (
    select * from {{ ref('fct_orders') }}
),

email_engagement as (
    select * from {{ ref('fct_email_engagement') }}
),

web_sessions as (
    select * from {{ ref('fct_web_sessions') }}
),

support_tickets as (
    select * from {{ ref('fct_support_tickets') }}
),

latest_events as (
    select max(ordered_at) as latest_event_at from orders
    union all
    select max(occurred_at) as latest_event_at from email_engagement
    union all
    select max(started_at) as latest_event_at from web_sessions
    union all
    select max(created_at) as latest_event_at from support_tickets
),

latest_event as (
    select max(latest_event_at) as latest_event_at
    from latest_events
),

final as (
    select
        {%- if as_of_var is not none %}
        cast('{{ as_of_var }}' as date) as as_of_date,
        'var' as as_of_source,
        {%- else %}
        coalesce(
            cast(latest_event_at as date),
            cast({{ northstar.run_started_at_timestamp() }} as date)
        ) as as_of_date,
        case when latest_event_at is null then 'run_started_at' else 'latest_event' end
            as as_of_source,
        {%- endif %}
        latest_event_at
    from latest_event
)

select * from final
