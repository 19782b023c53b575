{#-
    Every row of raw.erp_products, typed and judged (see base_shop__customers). A product needs
    its SKU and a known currency; a cost or price that does not cast is dropped, not the product.
    Categories are lower-cased to match the interests of preference submissions.
-#}
{%- set landed = [
    'sku', 'product_name', 'category', 'brand', 'unit_cost', 'list_price', 'currency',
    'is_active',
] -%}

{%- set row_checks = northstar.key_checks('sku', 'sku')
    + northstar.currency_checks('currency', 'currency_text', 'currency_code') -%}

{%- set value_checks = {
    'unit_cost': northstar.cast_value_check('unit_cost_text', 'unit_cost', 'not_a_decimal'),
    'list_price': northstar.cast_value_check('list_price_text', 'list_price', 'not_a_decimal'),
    'is_active': northstar.cast_value_check('is_active_text', 'is_active', 'not_a_boolean'),
} -%}

with

source as (
    select * from {{ raw_source('erp', 'erp_products') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_sku') }} as sku,
        {{ northstar.clean_text('landed_product_name') }} as product_name,
        lower({{ northstar.clean_text('landed_category') }}) as category,
        {{ northstar.clean_text('landed_brand') }} as brand,
        {{ northstar.clean_text('landed_unit_cost') }} as unit_cost_text,
        {{ northstar.clean_text('landed_list_price') }} as list_price_text,
        upper({{ northstar.clean_text('landed_currency') }}) as currency_text,
        {{ northstar.clean_text('landed_is_active') }} as is_active_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        cleaned.*,
        known_currency.currency_code,
        {{ northstar.safe_cast_decimal('cleaned.unit_cost_text') }} as unit_cost,
        {{ northstar.safe_cast_decimal('cleaned.list_price_text') }} as list_price,
        {{ northstar.safe_cast_boolean('cleaned.is_active_text') }} as is_active
    from cleaned
    left join currencies as known_currency
        on cleaned.currency_text = known_currency.currency_code
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('erp_products', value_checks) }}
    from typed
),

judged as (
    select
        -- ids
        sku,
        sku as record_key,

        -- strings
        product_name,
        category,
        brand,
        currency_code,

        -- numerics
        unit_cost,
        list_price,

        -- booleans
        is_active,

        -- verdicts
        {{ northstar.row_reject_columns(row_checks) }},
        {{ northstar.value_reject_columns(value_checks) }},
        {{ northstar.has_value_reject(value_checks) }} as has_value_reject,
        {{ northstar.raw_values_of_rejects(landed, value_checks) }} as raw_values
    from checked
),

final as (
    select
        *,
        {{ northstar.version_columns(
            'sku',
            none,
            ['product_name', 'category', 'brand', 'currency_code'],
            ['unit_cost', 'list_price', 'is_active']
        ) }}
    from judged
)

select * from final
