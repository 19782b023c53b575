{#-
    Run by `on-run-start`: creates the schemas every target shares and, where a warehouse needs
    them, the helper functions the safe casts call. Idempotent; safe to run on every invocation.
-#}
{% macro northstar_setup() -%}
    {{ return(adapter.dispatch('northstar_setup', 'northstar')()) }}
{%- endmacro %}

{% macro default__northstar_setup() -%}
    {%- for schema_name in northstar_schemas() %}
    create schema if not exists {{ schema_name }};
    {%- endfor %}
    {#-
        The erasure ledger is written by the erasure step (orchestration/privacy/erasure.py), not
        by a model: one row per request and PII-tagged relation, with the rows of the person
        found before and left after (0). fct_privacy_requests reads it (source privacy).
    #}
    create table if not exists audit.erasure_ledger (
        erasure_run_id varchar,
        request_id varchar,
        relation_name varchar,
        relation_kind varchar,
        rows_found bigint,
        rows_left bigint,
        erased_at timestamp
    );
{%- endmacro %}

{% macro postgres__northstar_setup() -%}
    {#- Concurrent runs (parallel Dagster steps) would race on the catalog: one at a time. -#}
    select pg_advisory_xact_lock(hashtext('northstar_setup'));
    {{ default__northstar_setup() }}
    {{ northstar_bi_role_setup() }}
    {#-
        Text -> UTC timestamp. Called only on values that match the timestamp grammar (see
        safe_cast_timestamp), so the one thing left to check is the calendar: a day past the end
        of its month (2026-02-30) gives null instead of an error. Plain SQL (no exception block),
        so PostgreSQL can inline it and run it in parallel workers. A value with an offset or Z is
        converted to UTC; one without is taken as UTC. The session time zone never matters.
    #}
    create or replace function staging.northstar_try_cast_timestamp(value text)
    returns timestamp
    language sql
    stable
    parallel safe
    as $northstar$
        select
            case
                when
                    substr(value, 9, 2)::integer > extract(day from (
                        make_date(substr(value, 1, 4)::integer, substr(value, 6, 2)::integer, 1)
                        + interval '1 month' - interval '1 day'
                    ))
                    then null
                when substr(value, 11) ~ '[Z+-]' then value::timestamptz at time zone 'UTC'
                else value::timestamp
            end
    $northstar$;
    {#-
        At most one edit apart (Damerau-Levenshtein <= 1): equal; one letter changed or two
        neighbours swapped; or one letter more or less. Plain SQL, see within_one_edit.
    #}
    create or replace function staging.northstar_within_one_edit(a text, b text)
    returns boolean
    language sql
    immutable
    parallel safe
    as $northstar$
        select
            case
                when a = b then true
                when abs(length(a) - length(b)) > 1 then false
                when length(a) = length(b) then (
                    select
                        count(*) = 1
                        or (
                            count(*) = 2
                            and max(i) - min(i) = 1
                            and substr(a, min(i), 1) = substr(b, max(i), 1)
                            and substr(a, max(i), 1) = substr(b, min(i), 1)
                        )
                    from generate_series(1, length(a)) as i
                    where substr(a, i, 1) <> substr(b, i, 1)
                )
                else exists (
                    select 1
                    from generate_series(1, greatest(length(a), length(b))) as i
                    where
                        case
                            when length(a) > length(b)
                                then overlay(a placing '' from i for 1) = b
                            else overlay(b placing '' from i for 1) = a
                        end
                )
            end
    $northstar$;
{%- endmacro %}
