-- Identifier values kept out of the identity graph, with the rule that blocked them.
select
    identifier_type,
    identifier_value,
    block_rule,
    block_reason,
    anchor_degree,
    owner_degree,
    occurrences
from {{ ref('int_identity_blocked_values') }}
