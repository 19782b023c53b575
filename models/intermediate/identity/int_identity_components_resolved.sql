{{ config(materialized='connected_components') }}
-- Connected components of the identity graph (iterative, in the warehouse: see
-- macros/identity/connected_components). Every node appears, linked or not.
with edges as (
    select * from {{ ref('int_identity_edges') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

final as (
    select
        src_node,
        dst_node
    from edges
    union all
    select
        node_id as src_node,
        node_id as dst_node
    from nodes
)

select * from final
