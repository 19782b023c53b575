{{ config(materialized='ephemeral') }}
-- The links of every component that holds more identifiers of a type than the type allows,
-- ranked strongest first by rule: the link's weaker identifier type (priority), then evidence
-- (distinct records), then first seen, then a hash of its two ends (never row order).
with components as (
    select * from {{ ref('int_identity_components_resolved') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

edges as (
    select * from {{ ref('int_identity_edges') }}
),

type_counts as (
    select
        components.component_id,
        nodes.identifier_type,
        count(*) as identifiers_of_type,
        min(nodes.max_per_person) as max_per_person
    from components
    inner join nodes on components.node_id = nodes.node_id
    where nodes.max_per_person is not null
    group by components.component_id, nodes.identifier_type
),

over_limit as (
    select distinct component_id
    from type_counts
    where identifiers_of_type > max_per_person
),

candidate_edges as (
    select
        components.component_id,
        edges.src_node,
        edges.dst_node,
        src.identifier_type as src_type_key,
        dst.identifier_type as dst_type_key,
        src.max_per_person as src_type_limit,
        dst.max_per_person as dst_type_limit,
        edges.evidence_count,
        edges.first_seen_at,
        case
            when src.type_priority > dst.type_priority then src.type_priority
            else dst.type_priority
        end as link_priority,
        {{ dbt.hash(dbt.concat([
            'src.identifier_type', "'|'", 'src.identifier_value', "'|'",
            'dst.identifier_type', "'|'", 'dst.identifier_value'
        ])) }} as link_hash
    from edges
    inner join components on edges.src_node = components.node_id
    inner join over_limit on components.component_id = over_limit.component_id
    inner join nodes as src on edges.src_node = src.node_id
    inner join nodes as dst on edges.dst_node = dst.node_id
),

final as (
    select
        component_id,
        cast(row_number() over (
            partition by component_id
            order by link_priority asc, evidence_count desc, first_seen_at asc, link_hash asc
        ) as integer) as edge_rank,
        src_node,
        dst_node,
        src_type_key,
        dst_type_key,
        src_type_limit,
        dst_type_limit
    from candidate_edges
)

select * from final
