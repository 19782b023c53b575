{#-
    Next best offers: per person, up to var northstar_next_best_offer_limit (default 3) active,
    in-stock products (latest snapshot per location, on hand minus reserved summed over the
    locations, above 0) of a category they bought or declared an interest in, that they have
    not ordered in the last var northstar_next_best_offer_recent_days days (default 30) before
    the as-of day, ranked by expected margin (list price minus unit cost, base currency), then
    SKU. may_contact_for_marketing is true when a marketing purpose is activatable for the
    person on some channel (dim_customer_consent); a person without a marketing consent row may
    not be contacted (fail closed), contact_reason says why.
-#}
{%- set offer_limit = var('northstar_next_best_offer_limit', 3) | int -%}
{%- set recent_days = var('northstar_next_best_offer_recent_days', 30) | int -%}

with

products as (
    select * from {{ ref('stg_erp__products') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

stocks as (
    select * from {{ ref('int_product_stocks_summed') }}
),

categories as (
    select * from {{ ref('int_customer_categories_ranked') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates_resolved') }}
),

customer_consent as (
    select * from {{ ref('dim_customer_consent') }}
),

-- The consent gate: a person may be contacted when a marketing purpose is activatable for
-- them on some channel (dim_customer_consent); otherwise the reason of their marketing rows
-- (the first by name), and a person without any marketing row may not be contacted.
marketing_permissions as (
    select
        person_id,
        max(case when is_activatable then 1 else 0 end) = 1 as may_contact_for_marketing,
        case
            when max(case when is_activatable then 1 else 0 end) = 1 then 'marketing_consent'
            else min(reason_code)
        end as contact_reason
    from customer_consent
    where purpose_category = 'marketing'
    group by person_id
),

offerable_products as (
    select
        products.sku,
        products.product_name,
        lower({{ northstar.trim_whitespace('products.category') }}) as category,
        products.brand,
        stocks.available_qty,
        {{ northstar.amount_in_base_currency('products.list_price', 'currencies.rate_to_base') }}
            as list_price_base,
        {{ northstar.amount_in_base_currency('products.unit_cost', 'currencies.rate_to_base') }}
            as unit_cost_base
    from products
    inner join stocks on products.sku = stocks.sku
    inner join currencies on products.currency_code = currencies.currency_code
    where
        products.is_active
        and stocks.available_qty > 0
        and products.list_price is not null
        and products.unit_cost is not null
),

recently_ordered as (
    select distinct
        order_lines.person_id,
        order_lines.sku
    from order_lines
    cross join as_of
    where
        order_lines.person_id is not null
        and cast(order_lines.ordered_at as date)
        > {{ dbt.dateadd('day', -recent_days, 'as_of.as_of_date') }}
),

margin_ranked_products as (
    select
        *,
        list_price_base - unit_cost_base as expected_margin_base,
        row_number() over (
            partition by category
            order by
                list_price_base - unit_cost_base desc,
                {{ northstar.tie_break_order(['sku']) }}
        ) as category_rank
    from offerable_products
),

-- Only the best products of a category can be offered: a person's top N of a category are
-- among its top N + (the products of it they ordered recently). Cutting each category there
-- gives the same offers without pairing every person with every product of their categories.
recent_per_category as (
    select
        recently_ordered.person_id,
        margin_ranked_products.category,
        count(*) as recent_count
    from recently_ordered
    inner join margin_ranked_products on recently_ordered.sku = margin_ranked_products.sku
    group by recently_ordered.person_id, margin_ranked_products.category
),

category_depths as (
    select
        category,
        max(recent_count) as max_recent_count
    from recent_per_category
    group by category
),

shortlisted_products as (
    select margin_ranked_products.*
    from margin_ranked_products
    left join category_depths on margin_ranked_products.category = category_depths.category
    where
        margin_ranked_products.category_rank
        <= {{ offer_limit }} + coalesce(category_depths.max_recent_count, 0)
),

candidates as (
    select
        shortlisted_products.*,
        categories.person_id,
        case
            when categories.is_bought and categories.is_declared then 'bought_and_declared'
            when categories.is_bought then 'bought'
            else 'declared'
        end as category_affinity
    from categories
    inner join shortlisted_products on categories.category = shortlisted_products.category
    left join recently_ordered
        on
            categories.person_id = recently_ordered.person_id
            and shortlisted_products.sku = recently_ordered.sku
    where recently_ordered.sku is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by person_id
            order by expected_margin_base desc, {{ northstar.tie_break_order(['sku']) }}
        ) as offer_rank
    from candidates
),

final as (
    select
        -- ids
        cast(ranked.person_id as varchar) as person_id,
        cast(ranked.sku as varchar) as sku,

        -- strings
        cast(ranked.product_name as varchar) as product_name,
        cast(ranked.category as varchar) as category,
        cast(ranked.brand as varchar) as brand,
        cast(ranked.category_affinity as varchar) as category_affinity,
        cast(
            coalesce(marketing_permissions.contact_reason, 'no_marketing_consent_on_record')
            as varchar
        ) as contact_reason,

        -- numerics
        cast(ranked.offer_rank as integer) as offer_rank,
        cast(ranked.available_qty as bigint) as available_qty,
        cast(ranked.list_price_base as decimal(18, 2)) as list_price_base,
        cast(ranked.unit_cost_base as decimal(18, 2)) as unit_cost_base,
        cast(ranked.expected_margin_base as decimal(18, 2)) as expected_margin_base,

        -- booleans
        cast(coalesce(marketing_permissions.may_contact_for_marketing, false) as boolean)
            as may_contact_for_marketing,

        -- dates
        cast(as_of.as_of_date as date) as as_of_date
    from ranked
    cross join as_of
    left join marketing_permissions on ranked.person_id = marketing_permissions.person_id
    where ranked.offer_rank <= {{ offer_limit }}
)

select * from final
