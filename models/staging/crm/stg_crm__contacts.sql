with

contacts as (
    select * from {{ ref('base_crm__contacts') }}
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
        last_modified_at,

        -- staging metadata
        version_count
    from contacts
    where version_rank = 1
)

select * from final
