{#-
    Who may be activated now, for what and where: one row per person x purpose x concrete
    channel (email, sms, phone, push, web; a decision for 'any' is already expanded through the
    purpose's allowed channels). Consent purposes: the activatable rows of dim_customer_consent
    (no decision = no row: fail closed). Contract purposes (sales and service, e.g. a CRM
    profile sync): every known person who is not suppressed, marketing objections or not.
    Activation (audiences and syncs) must join here.
-#}
{{ config(materialized='view') }}

with

consent as (
    select * from {{ ref('dim_customer_consent') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

suppressed_persons as (
    select * from {{ ref('int_consent_persons_suppressed') }}
),

purpose_channels as (
    select * from {{ ref('int_consent_purpose_channels') }}
),

known_persons as (
    select
        persons.person_id,
        min(persons.first_seen_at) as first_seen_at
    from persons
    left join suppressed_persons on persons.person_id = suppressed_persons.person_id
    where suppressed_persons.person_id is null
    group by persons.person_id
),

consented as (
    select
        person_id,
        purpose,
        purpose_category,
        channel,
        legal_basis,
        effective_at
    from consent
    where is_activatable and legal_basis <> 'contract'
),

contracted as (
    select
        known_persons.person_id,
        purpose_channels.purpose,
        purpose_channels.purpose_category,
        purpose_channels.channel,
        purpose_channels.required_legal_basis as legal_basis,
        known_persons.first_seen_at as effective_at
    from known_persons
    cross join purpose_channels
    where purpose_channels.required_legal_basis = 'contract'
),

activatable as (
    select * from consented
    union all
    select * from contracted
),

final as (
    select
        cast(person_id as varchar) as person_id,
        cast(purpose as varchar) as purpose,
        cast(purpose_category as varchar) as purpose_category,
        cast(channel as varchar) as channel,
        cast(legal_basis as varchar) as legal_basis,
        cast(effective_at as timestamp) as effective_at
    from activatable
)

select * from final
