-- Every usable identifier with its person: the component (or, for a component over a type's
-- limit, the group left after cutting its weakest links), named after its oldest identifier
-- (first seen, then type priority, then value) so the id is stable: unrelated new data never
-- changes it, a merge keeps the older id and a split keeps it on the side holding that identifier.
with nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

components as (
    select * from {{ ref('int_identity_components_resolved') }}
),

split as (
    select * from {{ ref('int_identity_components_split') }}
),

grouped as (
    select
        nodes.*,
        components.component_id,
        coalesce(split.group_id, components.component_id) as group_id,
        split.group_id is not null as is_in_split_component
    from nodes
    inner join components on nodes.node_id = components.node_id
    left join split on nodes.node_id = split.node_id
),

first_seen as (
    select
        group_id,
        min({{ northstar.identity_first_seen_key('first_seen_at') }}) as first_seen_key
    from grouped
    group by group_id
),

oldest as (
    -- Among the group's first-seen identifiers, the strongest: the smallest node id (type
    -- priority, then value).
    select
        grouped.group_id,
        min(grouped.node_id) as oldest_node_id
    from grouped
    inner join first_seen
        on
            grouped.group_id = first_seen.group_id
            and {{ northstar.identity_first_seen_key('grouped.first_seen_at') }}
            = first_seen.first_seen_key
    group by grouped.group_id
),

person_ids as (
    select
        oldest.group_id,
        'p_' || substr(
            {{ dbt.hash(dbt.concat([
                'nodes.identifier_type', "':'", 'nodes.identifier_value'
            ])) }}, 1, 20
        ) as person_id
    from oldest
    inner join nodes on oldest.oldest_node_id = nodes.node_id
),

final as (
    select
        person_ids.person_id,
        grouped.node_id,
        grouped.identifier_type,
        grouped.identifier_value,
        grouped.type_priority,
        grouped.is_anchor,
        grouped.component_id,
        grouped.is_in_split_component,
        grouped.occurrences,
        grouped.first_seen_at,
        grouped.last_seen_at
    from grouped
    inner join person_ids on grouped.group_id = person_ids.group_id
)

select * from final
