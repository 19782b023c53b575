-- Every staged record identity reads, with the integer it is known by in the identity layer
-- (identity_record_id, a hash of source table and key). The unique test on record_id proves
-- the integers are exact: it fails the build if two records ever hash to one integer.
{%- set sources = identity_sources() %}

with

{% for source in sources -%}
{{ source.source_table }} as (
    select {% if source.versioned %}distinct {% endif %}
        cast({{ source.record_key }} as {{ dbt.type_string() }}) as record_key
    from {{ source.relation }}
    {%- if source.filter %}
    where {{ source.filter }}
    {%- endif %}
),

{% endfor -%}

records as (
    {%- for source in sources %}
    select
        {{ identity_record_id("'" ~ source.source_table ~ "'", 'record_key') }} as record_id,
        '{{ source.source_table }}' as source_table,
        record_key
    from {{ source.source_table }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select * from records
)

select * from final
