{#-
    Current consent per person x purpose x channel (one row for every combination with at least
    one decision; no row = not activatable), with whether it may be activated now and why.
    Rules, first that applies decides reason_code:
      suppressed                    an identifier of the person is on suppression_list
      contract_basis                the purpose rests on contract (activatable; consent events
                                    and marketing objections do not gate it)
      objected_to_direct_marketing  latest decision is an objection to direct marketing
      opted_out_of_sale_share       latest decision is an opt-out of sale/share (or GPC)
      withdrawn / denied            latest decision withdraws or denies consent
      text_version_below_minimum    the consent text of the current grant is older than the
                                    purpose's min_consent_text_version (or unknown)
      double_opt_in_pending         double opt-in required and not confirmed yet
      double_opt_in_missing         double opt-in required, granted without any confirmation
      granted                       activatable
    Double opt-in is required for email consent to a purpose that asks for it where the
    jurisdiction (the grant's country and region, else the person's country; unknown = the
    strictest) asks for it; a confirmation counts when it came after the latest pending and the
    latest negative decision.
-#}
with

history as (
    select * from {{ ref('dim_consent_history') }}
),

purpose_channels as (
    select * from {{ ref('int_consent_purpose_channels') }}
),

jurisdictions as (
    select * from {{ ref('jurisdictions') }}
),

attributes as (
    select * from {{ ref('int_customer_attributes_survived') }}
),

suppressed_persons as (
    select * from {{ ref('int_consent_persons_suppressed') }}
),

current_decisions as (
    select * from history
    where is_current
),

episodes as (
    select
        person_id,
        purpose,
        channel,
        max(
            case when status in ('denied', 'withdrawn', 'objected', 'opted_out') then valid_from end
        ) as last_negative_at,
        max(case when consent_action = 'doi_pending' then valid_from end) as last_doi_pending_at,
        max(case when consent_action = 'doi_confirm' then valid_from end) as last_doi_confirm_at
    from history
    group by person_id, purpose, channel
),

current_grants as (
    select
        history.person_id,
        history.purpose,
        history.channel,
        history.consent_text_version,
        history.country,
        history.region,
        history.valid_from
    from history
    inner join episodes
        on
            history.person_id = episodes.person_id
            and history.purpose = episodes.purpose
            and history.channel = episodes.channel
    where
        history.consent_action in ('grant', 'doi_pending', 'doi_confirm')
        and (episodes.last_negative_at is null or history.valid_from > episodes.last_negative_at)
),

grant_versions as (
    select
        person_id,
        purpose,
        channel,
        consent_text_version,
        row_number() over (
            partition by person_id, purpose, channel order by valid_from desc
        ) as version_rank
    from current_grants
    where consent_text_version is not null
),

grant_countries as (
    select
        person_id,
        purpose,
        channel,
        country,
        region,
        row_number() over (
            partition by person_id, purpose, channel order by valid_from desc
        ) as country_rank
    from current_grants
    where country is not null
),

person_countries as (
    select
        person_id,
        attribute_value as country
    from attributes
    where attribute = 'country_code'
),

located as (
    select
        current_decisions.*,
        episodes.last_negative_at,
        episodes.last_doi_pending_at,
        episodes.last_doi_confirm_at,
        grant_versions.consent_text_version as grant_text_version,
        coalesce(grant_countries.country, person_countries.country) as jurisdiction_country,
        case when grant_countries.country is not null then grant_countries.region end
            as jurisdiction_region
    from current_decisions
    inner join episodes
        on
            current_decisions.person_id = episodes.person_id
            and current_decisions.purpose = episodes.purpose
            and current_decisions.channel = episodes.channel
    left join grant_versions
        on
            current_decisions.person_id = grant_versions.person_id
            and current_decisions.purpose = grant_versions.purpose
            and current_decisions.channel = grant_versions.channel
            and grant_versions.version_rank = 1
    left join grant_countries
        on
            current_decisions.person_id = grant_countries.person_id
            and current_decisions.purpose = grant_countries.purpose
            and current_decisions.channel = grant_countries.channel
            and grant_countries.country_rank = 1
    left join person_countries on current_decisions.person_id = person_countries.person_id
),

ruled as (
    select
        located.*,
        purpose_channels.required_legal_basis,
        purpose_channels.min_consent_text_version,
        suppressed_persons.person_id is not null as is_suppressed,
        coalesce(
            purpose_channels.requires_double_opt_in
            and located.channel = 'email'
            and coalesce(
                region_rule.email_double_opt_in_required,
                country_rule.email_double_opt_in_required,
                true
            ),
            true
        ) as is_double_opt_in_required,
        coalesce(
            located.last_doi_confirm_at is not null
            and (
                located.last_doi_pending_at is null
                or located.last_doi_confirm_at > located.last_doi_pending_at
            )
            and (
                located.last_negative_at is null
                or located.last_doi_confirm_at > located.last_negative_at
            ),
            false
        ) as is_double_opt_in_confirmed
    from located
    inner join purpose_channels
        on
            located.purpose = purpose_channels.purpose
            and located.channel = purpose_channels.channel
    left join jurisdictions as region_rule
        on
            located.jurisdiction_country = region_rule.country_code
            and located.jurisdiction_region = region_rule.region
    left join jurisdictions as country_rule
        on
            located.jurisdiction_country = country_rule.country_code
            and country_rule.region is null
    left join suppressed_persons on located.person_id = suppressed_persons.person_id
),

reasoned as (
    select
        *,
        case
            when is_suppressed then 'suppressed'
            when required_legal_basis = 'contract' then 'contract_basis'
            when status = 'objected' then 'objected_to_direct_marketing'
            when status = 'opted_out' then 'opted_out_of_sale_share'
            when status in ('withdrawn', 'denied') then status
            when
                grant_text_version is null or grant_text_version < min_consent_text_version
                then 'text_version_below_minimum'
            when is_double_opt_in_required and status = 'doi_pending'
                then 'double_opt_in_pending'
            when is_double_opt_in_required and not is_double_opt_in_confirmed
                then 'double_opt_in_missing'
            else 'granted'
        end as reason_code
    from ruled
),

final as (
    select
        -- ids
        cast(person_id as varchar) as person_id,
        cast(determining_event_id as varchar) as determining_event_id,

        -- strings
        cast(purpose as varchar) as purpose,
        cast(purpose_category as varchar) as purpose_category,
        cast(channel as varchar) as channel,
        cast(status as varchar) as status,
        cast(required_legal_basis as varchar) as legal_basis,
        cast(source_system as varchar) as source_system,
        cast(decision_source as varchar) as decision_source,
        cast(jurisdiction_country as varchar) as jurisdiction_country,
        cast(jurisdiction_region as varchar) as jurisdiction_region,
        cast(reason_code as varchar) as reason_code,

        -- numerics
        cast(grant_text_version as integer) as consent_text_version,
        cast(min_consent_text_version as integer) as min_consent_text_version,

        -- booleans
        cast(reason_code in ('granted', 'contract_basis') as boolean) as is_activatable,
        cast(is_double_opt_in_required as boolean) as is_double_opt_in_required,
        cast(is_double_opt_in_confirmed as boolean) as is_double_opt_in_confirmed,
        cast(is_suppressed as boolean) as is_suppressed,

        -- timestamps
        cast(valid_from as timestamp) as effective_at
    from reasoned
)

select * from final
