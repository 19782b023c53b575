-- Links between identifiers seen on the same record: each usable identifier to the record's
-- strongest one (a star per record, not all pairs), with the evidence (distinct records) and
-- first sighting. The strongest identifier has the smallest node id, so src_node < dst_node.
with occurrences as (
    select * from {{ ref('int_identity_occurrences') }}
),

records as (
    select * from {{ ref('int_identity_records_keyed') }}
    where usable_identifiers > 1
),

blocked as (
    select * from {{ ref('int_identity_blocked_values') }}
),

links as (
    select
        records.strongest_node_id as src_node,
        occurrences.value_id as dst_node,
        occurrences.seen_at
    from occurrences
    inner join records on occurrences.record_id = records.record_id
    left join blocked on occurrences.value_id = blocked.value_id
    where
        occurrences.value_id <> records.strongest_node_id
        and blocked.value_id is null
),

final as (
    select
        src_node,
        dst_node,
        count(*) as evidence_count,
        min(seen_at) as first_seen_at
    from links
    group by src_node, dst_node
)

select * from final
