-- The interests each person declared in the preference centre: the categories of their latest
-- submission that names any (a later submission without interests does not erase them), one
-- row per distinct interest, trimmed and lower-cased.
with

submissions as (
    select * from {{ ref('stg_consent__preference_submissions') }}
),

records_assigned as (
    select * from {{ ref('int_identity_records_assigned') }}
),

submissions_assigned as (
    select
        records_assigned.person_id,
        submissions.submission_id,
        submissions.interests,
        submissions.submitted_at
    from submissions
    inner join records_assigned
        on
            records_assigned.source_table = 'preference_submissions'
            and cast(submissions.submission_id as {{ dbt.type_string() }})
            = records_assigned.record_key
    where {{ northstar.trim_whitespace('submissions.interests') }} != ''
),

latest_submissions as (
    select
        *,
        row_number() over (
            partition by person_id
            order by
                submitted_at desc nulls last,
                {{ northstar.tie_break_order(['submission_id']) }}
        ) as recency_rank
    from submissions_assigned
),

interests_split as (
    select
        person_id,
        submission_id,
        submitted_at,
        {{ northstar.split_to_rows('interests', "','") }} as interest_raw
    from latest_submissions
    where recency_rank = 1
),

interests_cleaned as (
    select
        person_id,
        submission_id,
        submitted_at,
        lower({{ northstar.trim_whitespace('interest_raw') }}) as interest
    from interests_split
),

final as (
    select distinct
        person_id,
        interest,
        submission_id,
        submitted_at
    from interests_cleaned
    where interest != '' and not {{ northstar.is_placeholder('interest') }}
)

select * from final
