{#-
    Behavioural traits per person from email engagement and web sessions up to the as-of day:
    email opens and clicks in the last 30 and 90 days (the as-of day included), lifetime
    engagement, web sessions in the last 30 and 90 days. Consent at merge time: behavioural
    events feed a person's traits only while their profiling or analytics purpose is
    activatable on some channel (dim_customer_consent), or - with no refusal of those purposes
    on record - their jurisdiction allows profiling on legitimate interest (jurisdictions seed,
    by the person's golden-record country). Everyone else gets null traits and
    behaviour_traits_basis says why (no_profiling_consent, or profiling_<reason_code> such as
    profiling_withdrawn); their events still count in aggregates (the facts). A withdrawal
    takes effect on the next build. Deliverability flags (has_bounced, has_complained) are not
    profiling: they come from every email event, so a bounced or complaining address is always
    known.
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

customer_consent as (
    select * from {{ ref('dim_customer_consent') }}
),

attributes as (
    select * from {{ ref('int_customer_attributes_survived') }}
),

jurisdictions as (
    select * from {{ ref('jurisdictions') }}
),

profiling_consent as (
    select
        person_id,
        max(case when is_activatable then 1 else 0 end) = 1 as has_profiling_consent,
        max(
            case when status in ('denied', 'withdrawn', 'objected', 'opted_out') then 1 else 0 end
        ) = 1 as has_refused_profiling,
        min(case when not is_activatable then reason_code end) as refusal_reason_code
    from customer_consent
    where purpose_category in ('profiling', 'analytics')
    group by person_id
),

person_countries as (
    select
        person_id,
        attribute_value as country_code
    from attributes
    where attribute = 'country_code'
),

profiling_bases as (
    select
        persons.person_id,
        case
            when profiling_consent.has_profiling_consent then 'profiling_consent'
            when
                coalesce(jurisdictions.legitimate_interest_profiling_allowed, false)
                and not coalesce(profiling_consent.has_refused_profiling, false)
                then 'legitimate_interest'
            when profiling_consent.refusal_reason_code is not null
                then 'profiling_' || profiling_consent.refusal_reason_code
            else 'no_profiling_consent'
        end as behaviour_traits_basis
    from persons
    left join profiling_consent on persons.person_id = profiling_consent.person_id
    left join person_countries on persons.person_id = person_countries.person_id
    left join jurisdictions
        on
            person_countries.country_code = jurisdictions.country_code
            and jurisdictions.region is null
),

-- The consent gate: the one place behavioural events are let into a person's traits.
profiling_permitted_persons as (
    select person_id from profiling_bases
    where behaviour_traits_basis in ('profiling_consent', 'legitimate_interest')
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
        {%- for name in ['opens', 'clicks'] %}
        case
            when profiling_permitted_persons.person_id is not null
                then coalesce(email_per_person.email_{{ name }}_{{ days }}d, 0)
        end as email_{{ name }}_{{ days }}d,
        {%- endfor %}
        {%- endfor %}
        case
            when profiling_permitted_persons.person_id is not null
                then coalesce(email_per_person.email_engagement_count, 0)
        end as email_engagement_count,
        {%- for days in windows %}
        case
            when profiling_permitted_persons.person_id is not null
                then coalesce(web_per_person.web_sessions_{{ days }}d, 0)
        end as web_sessions_{{ days }}d,
        {%- endfor %}
        case
            when profiling_permitted_persons.person_id is not null
                then coalesce(web_per_person.web_session_count, 0)
        end as web_session_count,
        profiling_bases.behaviour_traits_basis,
        coalesce(deliverability.has_bounced, false) as has_bounced,
        coalesce(deliverability.has_complained, false) as has_complained
    from persons
    inner join profiling_bases on persons.person_id = profiling_bases.person_id
    left join profiling_permitted_persons
        on persons.person_id = profiling_permitted_persons.person_id
    left join email_per_person on persons.person_id = email_per_person.person_id
    left join web_per_person on persons.person_id = web_per_person.person_id
    left join deliverability on persons.person_id = deliverability.person_id
)

select * from final
