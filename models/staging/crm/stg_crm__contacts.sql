with

contacts as (
    select * from {{ ref('base_crm__contacts') }}
),

accepted as (
    select * from contacts
    where reject_code is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by contact_id
            order by coalesce(last_modified_at, created_at) desc nulls last, row_fingerprint desc
        ) as version_rank
    from accepted
),

final as (
    select
        -- ids
        contact_id,
        account_id,

        -- strings
        email_raw,
        email,
        email_folded,
        phone_raw,
        phone_e164,
        mobile_phone_raw,
        mobile_phone_e164,
        first_name,
        last_name,
        mailing_country,
        lead_source,

        -- booleans
        is_deleted,

        -- timestamps
        created_at,
        last_modified_at
    from ranked
    where version_rank = 1
)

select * from final
