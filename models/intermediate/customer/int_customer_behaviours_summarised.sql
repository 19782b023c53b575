{#-
    Behavioural traits per person from email engagement and web sessions up to the as-of day:
    email opens and clicks in the last 30 and 90 days (the as-of day included), lifetime
    engagement, web sessions in the last 30 and 90 days. Every behavioural event passes through
    `profiling_permitted_persons`, the one place the consent gate of the profiling purpose is
    applied (today every identified person; the consent marts will narrow it).
    Deliverability flags (has_bounced, has_complained) are not profiling: they come from every
    email event, so a bounced or complaining address is always known.
-#}
{%- set windows = [30, 90] -%}

with

email_engagement as (
    select * from {{ ref('fct_email_engagement') }}
),

web_sessions as (
    select * from {{ ref('fct_web_sessions') }}
),

persons as (
    select distinct person_id from {{ ref('int_identity_persons_assigned') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

profiling_permitted_persons as (
    select person_id from persons
),

email_events_permitted as (
    select
        email_engagement.person_id,
        email_engagement.event_type,
        {{ dbt.datediff('cast(email_engagement.occurred_at as date)', 'as_of.as_of_date', 'day') }}
            as days_ago
    from email_engagement
    inner join profiling_permitted_persons
        on email_engagement.person_id = profiling_permitted_persons.person_id
    cross join as_of
    where cast(email_engagement.occurred_at as date) <= as_of.as_of_date
),

web_sessions_permitted as (
    select
        web_sessions.person_id,
        {{ dbt.datediff('cast(web_sessions.started_at as date)', 'as_of.as_of_date', 'day') }}
            as days_ago
    from web_sessions
    inner join profiling_permitted_persons
        on web_sessions.person_id = profiling_permitted_persons.person_id
    cross join as_of
    where cast(web_sessions.started_at as date) <= as_of.as_of_date
),

email_per_person as (
    select
        person_id,
        {%- for days in windows %}
        {%- for event_type, name in [('open', 'opens'), ('click', 'clicks')] %}
        sum(
            case when event_type = '{{ event_type }}' and days_ago < {{ days }} then 1 else 0 end
        ) as email_{{ name }}_{{ days }}d,
        {%- endfor %}
        {%- endfor %}
        sum(case when event_type in ('open', 'click') then 1 else 0 end)
            as email_engagement_count
    from email_events_permitted
    group by person_id
),

web_per_person as (
    select
        person_id,
        {%- for days in windows %}
        sum(case when days_ago < {{ days }} then 1 else 0 end) as web_sessions_{{ days }}d,
        {%- endfor %}
        count(*) as web_session_count
    from web_sessions_permitted
    group by person_id
),

deliverability as (
    select
        person_id,
        max(case when event_type = 'bounce' then 1 else 0 end) = 1 as has_bounced,
        max(case when event_type = 'spam_complaint' then 1 else 0 end) = 1 as has_complained
    from email_engagement
    where person_id is not null
    group by person_id
),

final as (
    select
        persons.person_id,
        {%- for days in windows %}
        coalesce(email_per_person.email_opens_{{ days }}d, 0) as email_opens_{{ days }}d,
        coalesce(email_per_person.email_clicks_{{ days }}d, 0) as email_clicks_{{ days }}d,
        {%- endfor %}
        coalesce(email_per_person.email_engagement_count, 0) as email_engagement_count,
        {%- for days in windows %}
        coalesce(web_per_person.web_sessions_{{ days }}d, 0) as web_sessions_{{ days }}d,
        {%- endfor %}
        coalesce(web_per_person.web_session_count, 0) as web_session_count,
        coalesce(deliverability.has_bounced, false) as has_bounced,
        coalesce(deliverability.has_complained, false) as has_complained
    from persons
    left join email_per_person on persons.person_id = email_per_person.person_id
    left join web_per_person on persons.person_id = web_per_person.person_id
    left join deliverability on persons.person_id = deliverability.person_id
)

select * from final
