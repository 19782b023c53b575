-- In Dagster an asset check of fct_next_best_offers (a singular test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_next_best_offers'}}}) }}
-- Fail closed: an offer says the person may be contacted for marketing exactly when
-- dim_customer_consent has an activatable marketing row for them.
with

offers as (
    select * from {{ ref('fct_next_best_offers') }}
),

consent as (
    select * from {{ ref('dim_customer_consent') }}
),

marketing_activatable as (
    select distinct person_id
    from consent
    where purpose_category = 'marketing' and is_activatable
),

final as (
    select
        offers.person_id,
        offers.sku,
        offers.may_contact_for_marketing
    from offers
    left join marketing_activatable on offers.person_id = marketing_activatable.person_id
    where offers.may_contact_for_marketing <> (marketing_activatable.person_id is not null)
)

select * from final
