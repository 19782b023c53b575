{% macro staging_session_settings() -%}
    {#-
        SQL run before each base model (pre-hook, inside its transaction). On PostgreSQL it turns
        JIT compilation off for the model: its large CASE expressions cost LLVM minutes to compile
        and save nothing. Nothing elsewhere.
    -#}
    {{ return(adapter.dispatch('staging_session_settings', 'northstar')()) }}
{%- endmacro %}

{% macro default__staging_session_settings() -%}
{%- endmacro %}

{% macro postgres__staging_session_settings() -%}
    set local jit = off
{%- endmacro %}
