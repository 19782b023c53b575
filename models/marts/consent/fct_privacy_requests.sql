{#-
    Every data-subject request with its legal due date (received_at + the jurisdiction's
    erasure_deadline_days: the region's row, else the country's, else 30 days) and status:
      erasure     awaiting_verification, in_progress, overdue, or completed (audit.erasure_ledger
                  proves no rows of the person are left)
      access      awaiting_verification, open or overdue
      object_direct_marketing / opt_out_sale_share
                  applied (the subject's person is known: dim_customer_consent blocks the
                  purposes) or subject_not_found
    The subject is kept only as its hash (suppression_hash). The table remembers requests whose
    raw rows were erased with the person (incremental, never fully refreshed), so a completed
    erasure stays on record.
-#}
{{ config(
    materialized='incremental',
    unique_key='request_id',
    full_refresh=false,
    on_schema_change='fail',
) }}

with

requests as (
    select * from {{ ref('stg_consent__privacy_requests') }}
),

persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

jurisdictions as (
    select * from {{ ref('jurisdictions') }}
),

ledger as (
    select * from {{ source('privacy', 'erasure_ledger') }}
),

staged as (
    select
        requests.request_id,
        requests.request_type,
        requests.subject_type,
        {{ northstar.suppression_hash('requests.subject_value_normalized') }} as subject_hash,
        requests.jurisdiction,
        requests.received_at,
        requests.verified_at,
        max(case when persons.person_id is not null then 1 else 0 end) = 1 as is_subject_known
    from requests
    left join persons
        on
            requests.subject_type = persons.identifier_type
            and requests.subject_value_normalized = persons.identifier_value
    group by
        requests.request_id,
        requests.request_type,
        requests.subject_type,
        requests.subject_value_normalized,
        requests.jurisdiction,
        requests.received_at,
        requests.verified_at
),

all_requests as (
    select * from staged
    {%- if is_incremental() %}

    union all

    select
        remembered.request_id,
        remembered.request_type,
        remembered.subject_type,
        remembered.subject_hash,
        remembered.jurisdiction,
        remembered.received_at,
        remembered.verified_at,
        remembered.is_subject_known
    from {{ this }} as remembered
    where not exists (
        select 1 from staged
        where staged.request_id = remembered.request_id
    )
    {%- endif %}
),

ledger_per_request as (
    select
        request_id,
        max(erased_at) as erased_at,
        sum(rows_found) as rows_found,
        sum(rows_left) as rows_left
    from ledger
    group by request_id
),

dated as (
    select
        all_requests.*,
        ledger_per_request.erased_at,
        ledger_per_request.rows_found as erased_rows_found,
        ledger_per_request.rows_left as erased_rows_left,
        coalesce(region_rule.regime, country_rule.regime) as regime,
        coalesce(
            region_rule.erasure_deadline_days, country_rule.erasure_deadline_days, 30
        ) as deadline_days
    from all_requests
    left join jurisdictions as region_rule
        on
            left(all_requests.jurisdiction, 2) = region_rule.country_code
            and substr(all_requests.jurisdiction, 4) = region_rule.region
    left join jurisdictions as country_rule
        on
            left(all_requests.jurisdiction, 2) = country_rule.country_code
            and country_rule.region is null
    left join ledger_per_request on all_requests.request_id = ledger_per_request.request_id
),

due as (
    select
        *,
        {{ dbt.dateadd('day', 'deadline_days', 'received_at') }} as due_at
    from dated
),

final as (
    select
        -- ids
        cast(request_id as varchar) as request_id,

        -- strings
        cast(request_type as varchar) as request_type,
        cast(subject_type as varchar) as subject_type,
        cast(subject_hash as varchar) as subject_hash,
        cast(jurisdiction as varchar) as jurisdiction,
        cast(regime as varchar) as regime,
        cast(
            case
                when request_type in ('object_direct_marketing', 'opt_out_sale_share')
                    then case when is_subject_known then 'applied' else 'subject_not_found' end
                when request_type = 'erasure' and erased_rows_left = 0 then 'completed'
                when verified_at is null then 'awaiting_verification'
                when {{ northstar.run_started_at_timestamp() }} > due_at then 'overdue'
                when request_type = 'erasure' then 'in_progress'
                else 'open'
            end as varchar
        ) as status,

        -- numerics
        cast(deadline_days as integer) as deadline_days,
        cast(erased_rows_found as bigint) as erased_rows_found,

        -- booleans
        cast(is_subject_known as boolean) as is_subject_known,

        -- timestamps
        cast(received_at as timestamp) as received_at,
        cast(verified_at as timestamp) as verified_at,
        cast(due_at as timestamp) as due_at,
        cast(erased_at as timestamp) as completed_at
    from due
)

select * from final
