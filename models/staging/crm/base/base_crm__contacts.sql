{#-
    Every row of raw.crm_contacts, typed, normalised and judged (see base_shop__customers). Two
    phones per contact, both read with the mailing country; soft-deleted contacts are kept
    (is_deleted) for the layers above to decide.
-#}
{%- set landed = [
    'contact_id', 'account_id', 'email', 'phone', 'mobile_phone', 'first_name', 'last_name',
    'mailing_country', 'lead_source', 'created_date', 'last_modified_date', 'is_deleted',
] -%}

{%- set row_checks = northstar.key_checks('contact_id', 'contact_id')
    + northstar.cast_checks('created_date', 'created_date_text', 'created_at', 'not_a_timestamp')
    + northstar.cast_checks(
        'last_modified_date', 'last_modified_date_text', 'last_modified_at', 'not_a_timestamp',
        required=false
    ) -%}

{%- set value_checks = {
    'email': northstar.email_value_check('email_text', 'email'),
    'phone': northstar.phone_value_check('phone', 'phone_region_code'),
    'mobile_phone': northstar.phone_value_check('mobile_phone', 'phone_region_code'),
    'mailing_country': northstar.cast_value_check(
        'mailing_country_text', 'mailing_country', 'not_a_country_code'
    ),
    'is_deleted': northstar.cast_value_check('is_deleted_text', 'is_deleted', 'not_a_boolean'),
} -%}

with

source as (
    select * from {{ raw_source('crm', 'crm_contacts') }}
),

dialing_rules as (
    select * from {{ ref('country_dialing_rules') }}
),

numbering_plan as (
    {{ northstar.phone_numbering_plan('dialing_rules') }}
),

landed as (
    select
        {{ northstar.landed_columns(landed) }}
    from source
),

cleaned as (
    select
        *,
        {{ northstar.clean_text('landed_contact_id') }} as contact_id,
        {{ northstar.clean_text('landed_account_id') }} as account_id,
        {{ northstar.clean_text('landed_email') }} as email_text,
        {{ northstar.clean_text('landed_phone') }} as phone_text,
        {{ northstar.clean_text('landed_mobile_phone') }} as mobile_phone_text,
        {{ northstar.clean_text('landed_first_name') }} as first_name,
        {{ northstar.clean_text('landed_last_name') }} as last_name,
        {{ northstar.clean_text('landed_mailing_country') }} as mailing_country_text,
        {{ northstar.clean_text('landed_lead_source') }} as lead_source,
        {{ northstar.clean_text('landed_created_date') }} as created_date_text,
        {{ northstar.clean_text('landed_last_modified_date') }} as last_modified_date_text,
        {{ northstar.clean_text('landed_is_deleted') }} as is_deleted_text
    from landed
),

typed as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.normalise_email('email_text') }} as email,
        {{ northstar.phone_dial_string('phone_text') }} as phone_dial_string,
        {{ northstar.phone_dial_string('mobile_phone_text') }} as mobile_phone_dial_string,
        {{ northstar.normalise_country_code('mailing_country_text') }} as mailing_country,
        coalesce(
            {{ northstar.normalise_country_code('mailing_country_text') }},
            {{ northstar.source_default_region('crm_contacts') }}
        ) as phone_region_code,
        {{ northstar.safe_cast_boolean('is_deleted_text') }} as is_deleted,
        {{ northstar.safe_cast_timestamp('created_date_text') }} as created_at,
        {{ northstar.safe_cast_timestamp('last_modified_date_text') }} as last_modified_at
    from cleaned
),

phones_located as {{ northstar.materialize_cte() }} (
    select
        typed.*,
        {{ northstar.phone_international_digits('typed.phone_dial_string', 'phone_region') }}
            as phone_international_digits,
        {{ northstar.phone_international_digits(
            'typed.mobile_phone_dial_string', 'phone_region'
        ) }} as mobile_phone_international_digits
    from typed
    left join dialing_rules as phone_region
        on typed.phone_region_code = phone_region.country_code
),

phones_normalised as {{ northstar.materialize_cte() }} (
    select
        phones_located.*,
        phone_plan.calling_code as phone_calling_code,
        {{ northstar.phone_e164('phones_located.phone_international_digits', 'phone_plan') }}
            as phone_e164,
        mobile_phone_plan.calling_code as mobile_phone_calling_code,
        {{ northstar.phone_e164(
            'phones_located.mobile_phone_international_digits', 'mobile_phone_plan'
        ) }} as mobile_phone_e164
    from phones_located
    left join numbering_plan as phone_plan
        on left(phones_located.phone_international_digits, 3) = phone_plan.digits_prefix
    left join numbering_plan as mobile_phone_plan
        on
            left(phones_located.mobile_phone_international_digits, 3)
            = mobile_phone_plan.digits_prefix
),

checked as {{ northstar.materialize_cte() }} (
    select
        *,
        {{ northstar.row_reject_check(row_checks) }},
        {{ northstar.value_reject_checks('crm_contacts', value_checks) }}
    from phones_normalised
),

judged as (
    select
        -- ids
        contact_id,
        account_id,
        contact_id as record_key,

        -- strings
        case when email is not null then email_text end as email_raw,
        email,
        {{ northstar.fold_email('email') }} as email_folded,
        case when phone_e164 is not null then phone_text end as phone_raw,
        phone_e164,
        case when mobile_phone_e164 is not null then mobile_phone_text end as mobile_phone_raw,
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

        -- verdicts
        {{ northstar.row_reject_columns(row_checks) }},
        {{ northstar.value_reject_columns(value_checks) }},
        {{ northstar.has_value_reject(value_checks) }} as has_value_reject,
        {{ northstar.raw_values_of_rejects(landed, value_checks) }} as raw_values
    from checked
),

final as (
    select
        *,
        {{ northstar.version_columns(
            'contact_id',
            'coalesce(last_modified_at, created_at) desc nulls last',
            [
                'account_id', 'email_raw', 'phone_raw', 'mobile_phone_raw', 'first_name',
                'last_name', 'mailing_country', 'lead_source'
            ],
            ['is_deleted', 'created_at', 'last_modified_at']
        ) }}
    from judged
)

select * from final
