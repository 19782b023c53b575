{{ config(materialized='greedy_limit_split', max_iterations=10000) }}
-- Over-limit components split by cutting their weakest links (see
-- macros/identity/limits/greedy_limit_split.sql): one group per node.
select
    component_id,
    edge_rank,
    src_node,
    dst_node,
    src_type_key,
    dst_type_key,
    src_type_limit,
    dst_type_limit
from {{ ref('int_identity_split_candidates') }}
