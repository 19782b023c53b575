-- One node per usable (normalised, unblocked) identifier: its value_id (strongest first: type
-- priority, then value), with the rule that applies to its type and when it was first and last
-- seen.
with identity_values as (
    select * from {{ ref('int_identity_values') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_values') }}
),

final as (
    select
        identity_values.value_id as node_id,
        identity_values.identifier_type,
        identity_values.identifier_value,
        identity_values.type_priority,
        identity_values.is_anchor,
        identity_values.max_per_person,
        identity_values.occurrences,
        identity_values.first_seen_at,
        identity_values.last_seen_at
    from identity_values
    left join blocked on identity_values.value_id = blocked.value_id
    where blocked.value_id is null
)

select * from final
