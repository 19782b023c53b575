-- depends_on: {{ ref('identity_merges_and_splits') }}
-- The person of every identifier as of this build, kept to detect merges and splits next time.
select
    person_id,
    identifier_type,
    identifier_value
from {{ ref('int_identity_persons_assigned') }}
