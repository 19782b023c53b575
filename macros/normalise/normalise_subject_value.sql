{% macro normalise_subject_value(subject_type, subject_value, email, phone_e164) -%}
    {#-
        The identifier a consent event or privacy request is about, normalised by its
        subject_type like the same identifier anywhere else: an email folded for identity
        (`email` is its normalise_email() result), a phone in E.164 (`phone_e164`), ids (shop and
        CRM customer ids, anonymous ids) as the trimmed text `subject_value`. Null when the value
        does not normalise, or for an unknown subject_type.
    -#}
    case {{ subject_type }}
        when 'email' then {{ northstar.fold_email(email) }}
        when 'phone' then {{ phone_e164 }}
        when 'shop_customer_id' then {{ subject_value }}
        when 'crm_contact_id' then {{ subject_value }}
        when 'anonymous_id' then {{ subject_value }}
    end
{%- endmacro %}
