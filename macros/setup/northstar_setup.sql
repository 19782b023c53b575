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
{%- endmacro %}

{% macro postgres__northstar_setup() -%}
    {#- Concurrent runs (parallel Dagster steps) would race on the catalog: one at a time. -#}
    select pg_advisory_xact_lock(hashtext('northstar_setup'));
    {{ default__northstar_setup() }}
    {#-
        Text -> UTC timestamp without an error. Called only on values that already match the
        timestamp grammar (see safe_cast_timestamp), so the exception branch catches impossible
        calendar dates such as 2026-02-30. A value with an offset is converted to UTC; one without
        is taken as UTC. The session time zone never matters.
    #}
    create or replace function staging.northstar_try_cast_timestamp(value text)
    returns timestamp
    language plpgsql
    stable
    parallel safe
    as $northstar$
    begin
        if substr(value, 11) ~ '[Zz+-]' then
            return value::timestamptz at time zone 'UTC';
        end if;
        return value::timestamp;
    exception
        when others then
            return null;
    end;
    $northstar$;
{%- endmacro %}
