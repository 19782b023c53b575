{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
    {#-
        DuckDB has no roles (who may read is the file's permission): the marts' `grants` (for
        PostgreSQL's BI role) are skipped silently instead of dbt-duckdb's warning on every run.
    -#}
{%- endmacro %}
