{% macro northstar_bi_role_setup() -%}
    {#-
        PostgreSQL: the read-only BI group role (var northstar_bi_role, default northstar_bi),
        without login - grant it to the login roles of BI users. It may use schema marts only;
        select on each mart comes from dbt's `grants` (dbt_project.yml, models/marts). Roles are
        cluster-wide: created once, a concurrent creation elsewhere is fine.
    -#}
    {%- set role = var('northstar_bi_role', 'northstar_bi') -%}
    do $northstar$
    begin
        if not exists (select 1 from pg_roles where rolname = {{ northstar.sql_string(role) }}) then
            create role {{ adapter.quote(role) }} nologin;
        end if;
    exception when duplicate_object or unique_violation then null;
    end
    $northstar$;
    grant usage on schema marts to {{ adapter.quote(role) }};
{%- endmacro %}
