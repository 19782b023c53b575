{% macro amount_in_base_currency(amount_expr, rate_expr) -%}
    {#- `amount_expr` converted with `rate_expr` (the currencies seed's rate_to_base), exact
        decimal arithmetic rounded half away from zero to cents: decimal(18,2). -#}
    cast(
        round(
            cast({{ amount_expr }} as decimal(18, 2)) * cast({{ rate_expr }} as decimal(18, 6)),
            2
        ) as decimal(18, 2)
    )
{%- endmacro %}
