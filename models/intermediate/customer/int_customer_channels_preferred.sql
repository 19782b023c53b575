-- The channel each person prefers to be reached on: the one they declared in their latest
-- preference submission that names one; otherwise the one they are observed to use most
-- (email opens and clicks, which pass the profiling gate of int_customer_behaviours_summarised,
-- and support tickets by email or phone), ties broken by channel name. The source is the raw
-- table that decided it.
with

submissions as (
    select * from {{ ref('stg_consent__preference_submissions') }}
),

records_assigned as (
    select * from {{ ref('int_identity_records_assigned') }}
),

behaviours as (
    select * from {{ ref('int_customer_behaviours_summarised') }}
),

support_tickets as (
    select * from {{ ref('fct_support_tickets') }}
),

declared_ranked as (
    select
        records_assigned.person_id,
        lower(submissions.preferred_channel) as preferred_channel,
        row_number() over (
            partition by records_assigned.person_id
            order by
                submissions.submitted_at desc nulls last,
                {{ northstar.tie_break_order(['submissions.submission_id']) }}
        ) as recency_rank
    from submissions
    inner join records_assigned
        on
            records_assigned.source_table = 'preference_submissions'
            and cast(submissions.submission_id as {{ dbt.type_string() }})
            = records_assigned.record_key
    where submissions.preferred_channel is not null
),

declared as (
    select
        person_id,
        preferred_channel,
        'preference_submissions' as preferred_channel_source
    from declared_ranked
    where recency_rank = 1
),

observed_signals as (
    select
        person_id,
        'email' as channel,
        'esp_events' as source_table,
        email_engagement_count as interactions
    from behaviours
    where email_engagement_count > 0
    union all
    select
        person_id,
        channel,
        'support_tickets' as source_table,
        count(*) as interactions
    from support_tickets
    where person_id is not null and channel in ('email', 'phone', 'sms')
    group by person_id, channel
),

observed_ranked as (
    select
        person_id,
        channel,
        source_table,
        sum(interactions) over (partition by person_id, channel) as channel_interactions,
        row_number() over (
            partition by person_id, channel
            order by interactions desc, {{ northstar.tie_break_order(['source_table']) }}
        ) as source_rank
    from observed_signals
),

observed as (
    select
        person_id,
        channel as preferred_channel,
        source_table as preferred_channel_source,
        row_number() over (
            partition by person_id
            order by channel_interactions desc, {{ northstar.tie_break_order(['channel']) }}
        ) as channel_rank
    from observed_ranked
    where source_rank = 1
),

final as (
    select
        person_id,
        preferred_channel,
        preferred_channel_source,
        true as is_declared
    from declared
    union all
    select
        observed.person_id,
        observed.preferred_channel,
        observed.preferred_channel_source,
        false as is_declared
    from observed
    left join declared on observed.person_id = declared.person_id
    where observed.channel_rank = 1 and declared.person_id is null
)

select * from final
