{#-
    Every identifier occurrence from every staged source: its type, normalised value, the value as
    it arrived, the source table and record it was seen on, and when. Emails are the folded
    mailbox (var northstar_gmail_folding), phones E.164, ids trimmed strings. Values staging could
    not normalise are already out (audit.quarantine holds them with their reason).

    Customer and contact records are read with every accepted version (base models), not only the
    latest, so an address a person used before changing it still links their records (such
    sources say `is_versioned`: one record key holds several versions). A record
    carrying one value in two columns of a type (a CRM contact's phone and mobile) holds it once.

    is_suppressed marks every occurrence of a record that holds an identifier on
    marts.suppression_list (as it stood before the run): identity leaves those records out, so a
    late event of an erased person never re-creates the profile.

    A view: the identity layer reads it once into int_identity_values and once into
    int_identity_occurrences (compact, integer-keyed), so the wide rows are never written.
-#}
{{ config(materialized='view') }}
{%- set sources = identity_sources() %}
{%- set suppression = northstar.suppression_list_relation() %}

with

{% for source in sources -%}
{{ source.source_table }} as {{ northstar.inline_cte() }} (
    select
        cast({{ source.record_key }} as {{ dbt.type_string() }}) as record_key,
        {{ identity_record_id(
            "'" ~ source.source_table ~ "'",
            'cast(' ~ source.record_key ~ ' as ' ~ dbt.type_string() ~ ')'
        ) }} as record_id,
        {{ source.seen_at }} as seen_at,
        {{ source.columns | join(', ') }}
    from {{ source.relation }}
    {%- if source.filter %}
    where {{ source.filter }}
    {%- endif %}
),

{% endfor -%}

occurrences as (
    {%- for source in sources %}
    {%- set outer_loop = loop %}
    {%- for identifier_type, value_column, raw_column in source.identifiers %}
    select
        '{{ source.source_table }}' as source_table,
        record_key,
        record_id,
        '{{ identifier_type }}' as identifier_type,
        cast({{ value_column }} as {{ dbt.type_string() }}) as identifier_value,
        cast({{ raw_column }} as {{ dbt.type_string() }}) as raw_value,
        seen_at,
        {{ 'true' if source.versioned else 'false' }} as is_versioned
    from {{ source.source_table }}
    where
        {{ value_column }} is not null
        {%- if value_column in source.get('repeats', {}) %}
        and {{ value_column }} <> coalesce({{ source.repeats[value_column] }}, '')
        {%- endif %}
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

{%- if suppression is not none %}

suppression_list as (
    select * from {{ suppression }}
),

-- A record holding a suppressed identifier (an erased person's late event) links nothing.
suppressed_records as (
    select distinct occurrences.record_id
    from occurrences
    inner join suppression_list
        on
            occurrences.identifier_type = suppression_list.identifier_type
            and {{ northstar.suppression_hash('occurrences.identifier_value') }}
            = suppression_list.identifier_hash
),
{%- endif %}

final as (
    select
        occurrences.*,
        {%- if suppression is not none %}
        suppressed_records.record_id is not null as is_suppressed
        {%- else %}
        false as is_suppressed
        {%- endif %}
    from occurrences
    {%- if suppression is not none %}
    left join suppressed_records on occurrences.record_id = suppressed_records.record_id
    {%- endif %}
)

select * from final
