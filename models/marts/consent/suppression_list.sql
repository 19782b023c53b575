{#-
    Identifiers that must never build a profile again, kept only as hashes (suppression_hash:
    lower-case hex SHA-256 of the value as staging and identity normalise it - emails folded
    for identity and also as staged before folding, phones E.164, ids trimmed). A verified
    erasure request suppresses its subject and every identifier of the subject's person when
    the request is processed, anonymous ids included.
    Append-only and never rebuilt (full_refresh: false): the list outlives the erased rows it
    was computed from. Identity reads it (int_identifiers_unioned) and leaves out every record
    holding a suppressed identifier.
-#}
{{ config(materialized='incremental', full_refresh=false, on_schema_change='fail') }}

with

requests as (
    select * from {{ ref('stg_consent__privacy_requests') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

attribute_values as (
    select * from {{ ref('int_customer_attribute_values_unioned') }}
),

erasure_requests as (
    select
        request_id,
        subject_type,
        subject_value_normalized,
        verified_at
    from requests
    where request_type = 'erasure' and verified_at is not null
),

erased_persons as (
    select distinct
        erasure_requests.request_id,
        persons.person_id
    from erasure_requests
    inner join persons
        on
            erasure_requests.subject_type = persons.identifier_type
            and erasure_requests.subject_value_normalized = persons.identifier_value
),

identifiers as (
    select
        erased_persons.request_id,
        persons.identifier_type,
        persons.identifier_value
    from erased_persons
    inner join persons on erased_persons.person_id = persons.person_id

    union all

    -- Emails also as staged before Gmail folding (what golden records and audiences carry).
    select
        erased_persons.request_id,
        'email' as identifier_type,
        attribute_values.attribute_value as identifier_value
    from erased_persons
    inner join attribute_values on erased_persons.person_id = attribute_values.person_id
    where
        attribute_values.source_column in ('email', 'requester_email')
        and attribute_values.attribute_value is not null

    union all

    select
        request_id,
        subject_type as identifier_type,
        subject_value_normalized as identifier_value
    from erasure_requests
),

hashed as (
    select
        identifier_type,
        {{ northstar.suppression_hash('identifier_value') }} as identifier_hash,
        min(request_id) as request_id
    from identifiers
    group by identifier_type, {{ northstar.suppression_hash('identifier_value') }}
),

final as (
    select
        cast(hashed.identifier_type as varchar) as identifier_type,
        cast(hashed.identifier_hash as varchar) as identifier_hash,
        cast('erasure_request' as varchar) as reason,
        cast(hashed.request_id as varchar) as request_id,
        {{ northstar.run_started_at_timestamp() }} as suppressed_at
    from hashed
    {%- if is_incremental() %}
    where not exists (
        select 1 from {{ this }} as existing
        where
            existing.identifier_type = hashed.identifier_type
            and existing.identifier_hash = hashed.identifier_hash
    )
    {%- endif %}
)

select * from final
