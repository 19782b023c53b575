{% macro consent_action_restrictiveness(action) -%}
    {#-
        How restrictive a consent action is, most first (DESIGN "Consent edge cases"): on equal
        occurred_at the higher number wins. object_direct_marketing 7, opt_out_sale_share 6,
        withdraw 5, deny 4, doi_pending 3, doi_confirm 2, grant 1.
    -#}
    case {{ action }}
        when 'object_direct_marketing' then 7
        when 'opt_out_sale_share' then 6
        when 'withdraw' then 5
        when 'deny' then 4
        when 'doi_pending' then 3
        when 'doi_confirm' then 2
        when 'grant' then 1
    end
{%- endmacro %}
