-- Links between identifiers seen on the same record: each identifier to the record's strongest
-- one (a star per record, not all pairs), with the evidence (distinct records) and first sighting.
with identifiers as (
    select * from {{ ref('int_identifiers_unioned') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

record_nodes as (
    select
        identifiers.source_table,
        identifiers.record_key,
        nodes.node_id,
        min(nodes.type_priority) as type_priority,
        min(nodes.identifier_value) as identifier_value,
        min(identifiers.seen_at) as seen_at
    from identifiers
    inner join nodes
        on
            identifiers.identifier_type = nodes.identifier_type
            and identifiers.identifier_value = nodes.identifier_value
    group by identifiers.source_table, identifiers.record_key, nodes.node_id
),

ranked as (
    select
        source_table,
        record_key,
        node_id,
        seen_at,
        first_value(node_id) over (
            partition by source_table, record_key
            order by type_priority, {{ binary_sort_key('identifier_value') }}
            rows between unbounded preceding and unbounded following
        ) as strongest_node_id
    from record_nodes
),

links as (
    select
        seen_at,
        case when node_id < strongest_node_id then node_id else strongest_node_id end as src_node,
        case when node_id < strongest_node_id then strongest_node_id else node_id end as dst_node
    from ranked
    where node_id <> strongest_node_id
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
