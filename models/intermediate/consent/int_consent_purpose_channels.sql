{#-
    Every purpose of the consent_purposes seed with each concrete channel it allows (the seed's
    '|'-separated allowed_channels; 'any' there is not a channel but the shorthand events use).
-#}
{%- set channels = northstar.accepted_values_for('consent_channel') | reject('equalto', 'any')
    | list -%}

with

purposes as (
    select * from {{ ref('consent_purposes') }}
),

channels as (
    {%- for channel in channels %}
    select '{{ channel }}' as channel
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        purposes.purpose,
        purposes.category as purpose_category,
        purposes.required_legal_basis,
        channels.channel,
        purposes.requires_double_opt_in,
        purposes.min_consent_text_version
    from purposes
    cross join channels
    where position('|' || channels.channel || '|' in '|' || purposes.allowed_channels || '|') > 0
)

select * from final
