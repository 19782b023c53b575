{{ config(materialized='greedy_limit_split', max_iterations=10000) }}
-- Over-limit components split by cutting their weakest links (see
-- macros/identity/limits/greedy_limit_split.sql): one group per node.
select * from {{ ref('int_identity_split_candidates') }}
