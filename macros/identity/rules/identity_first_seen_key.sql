{% macro identity_first_seen_key(expr) -%}
    {#-
        A first-seen timestamp as the person id rule orders it: an identifier never seen with a
        time sorts after every dated one (as nulls sort last), so min() picks the oldest.
    -#}
    coalesce({{ expr }}, cast('9999-12-31 00:00:00' as {{ dbt.type_timestamp() }}))
{%- endmacro %}
