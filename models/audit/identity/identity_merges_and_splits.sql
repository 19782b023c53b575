{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('int_identity_persons_assigned') }}
-- depends_on: {{ ref('int_identity_blocked_values') }}
-- Persons merged or split since the previous build: each (old person_id, new person_id) pair
-- whose identifiers moved, with the kind of change and why. Appended on every build; the
-- previous build's assignment is kept in identity_person_ids_last_build.
{%- set previous = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='identity_person_ids_last_build'
) %}
{%- if previous is none %}
-- First build: nothing to compare with.
select
    cast(null as {{ dbt.type_string() }}) as old_person_id,
    cast(null as {{ dbt.type_string() }}) as new_person_id,
    cast(null as {{ dbt.type_string() }}) as change_kind,
    cast(null as {{ dbt.type_string() }}) as change_reason,
    cast(null as bigint) as identifiers_moved,
    cast(null as {{ dbt.type_string() }}) as invocation_id,
    cast(null as {{ dbt.type_timestamp() }}) as detected_at
where 1 = 0
{%- else %}
with previous as (
    select * from {{ previous }}
),

current_persons as (
    select * from {{ ref('int_identity_persons_assigned') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_values') }}
),

moved as (
    select
        previous.person_id as old_person_id,
        current_persons.person_id as new_person_id,
        max(case when current_persons.is_in_split_component then 1 else 0 end) as by_limit_rule,
        count(*) as identifiers_moved
    from previous
    inner join current_persons
        on
            previous.identifier_type = current_persons.identifier_type
            and previous.identifier_value = current_persons.identifier_value
    where previous.person_id <> current_persons.person_id
    group by previous.person_id, current_persons.person_id
),

old_still_present as (
    select distinct person_id from current_persons
),

old_blocked as (
    select distinct previous.person_id
    from previous
    inner join blocked
        on
            previous.identifier_type = blocked.identifier_type
            and previous.identifier_value = blocked.identifier_value
),

final as (
    select
        moved.old_person_id,
        moved.new_person_id,
        case when old_still_present.person_id is null then 'merge' else 'split' end
            as change_kind,
        case
            when old_still_present.person_id is null
                then 'linked to an older person by new evidence; the older id is kept'
            when old_blocked.person_id is not null
                then 'a value that linked them is now blocked'
            when moved.by_limit_rule = 1
                then 'over a type limit: the weakest link was cut by rule'
            else 'the record linking them is gone'
        end as change_reason,
        moved.identifiers_moved,
        '{{ invocation_id }}' as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
            as detected_at
    from moved
    left join old_still_present on moved.old_person_id = old_still_present.person_id
    left join old_blocked on moved.old_person_id = old_blocked.person_id
)

select * from final
{%- endif %}
