-- Every identifier seen on every record, in compact form: the record as an integer
-- (identity_record_id) and the value as its value_id (int_identity_values), so the graph steps
-- join integers, not strings. One row per record and value: a customer or contact record seen
-- in several versions holds each value once, first seen with its oldest version.
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
    where not is_suppressed
),

identity_values as (
    select * from {{ ref('int_identity_values') }}
),

keyed as (
    select
        identifiers.source_table,
        identifiers.record_id,
        identity_values.value_id,
        identity_values.type_priority,
        identifiers.seen_at,
        identifiers.is_versioned
    from identifiers
    inner join identity_values
        on
            identifiers.identifier_type = identity_values.identifier_type
            and identifiers.identifier_value = identity_values.identifier_value
),

final as (
    select
        source_table,
        record_id,
        value_id,
        type_priority,
        seen_at
    from keyed
    where not is_versioned
    union all
    select
        source_table,
        record_id,
        value_id,
        type_priority,
        min(seen_at) as seen_at
    from keyed
    where is_versioned
    group by source_table, record_id, value_id, type_priority
)

select * from final
