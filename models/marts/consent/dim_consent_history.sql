{#-
    Consent over time (SCD2, rebuilt from the events on every run): one row per person x
    purpose x channel x decision that was in force, valid from its occurred_at until the next
    decision's (valid_to null = current). Ordering is by occurred_at, never load order; of two
    decisions at the same instant the more restrictive one wins and the other never takes
    effect (it has no row).
-#}
with

decisions as (
    select * from {{ ref('int_consent_decisions_expanded') }}
),

ranked_at_instant as (
    select
        *,
        row_number() over (
            partition by person_id, purpose, channel, occurred_at
            order by restrictiveness desc, {{ northstar.tie_break_order(['decision_id']) }}
        ) as instant_rank
    from decisions
),

in_force as (
    select
        *,
        lead(occurred_at) over (
            partition by person_id, purpose, channel
            order by occurred_at
        ) as next_occurred_at
    from ranked_at_instant
    where instant_rank = 1
),

final as (
    select
        -- ids
        cast(person_id as varchar) as person_id,
        cast(decision_id as varchar) as determining_event_id,

        -- strings
        cast(purpose as varchar) as purpose,
        cast(purpose_category as varchar) as purpose_category,
        cast(channel as varchar) as channel,
        cast(
            case consent_action
                when 'grant' then 'granted'
                when 'doi_confirm' then 'granted'
                when 'doi_pending' then 'doi_pending'
                when 'deny' then 'denied'
                when 'withdraw' then 'withdrawn'
                when 'object_direct_marketing' then 'objected'
                when 'opt_out_sale_share' then 'opted_out'
            end as varchar
        ) as status,
        cast(consent_action as varchar) as consent_action,
        cast(decision_source as varchar) as decision_source,
        cast(source_system as varchar) as source_system,
        cast(country as varchar) as country,
        cast(region as varchar) as region,

        -- numerics
        cast(consent_text_version_number as integer) as consent_text_version,

        -- booleans
        cast(next_occurred_at is null as boolean) as is_current,

        -- timestamps
        cast(occurred_at as timestamp) as valid_from,
        cast(next_occurred_at as timestamp) as valid_to
    from in_force
)

select * from final
