{% macro safe_cast_timestamp(expr) -%}
    {#-
        Text to a UTC timestamp (without time zone), or null when it is not one (never an error).
        Accepted, identically on every warehouse: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS[.ffffff]]'
        with ' ' or 'T' between date and time, optionally followed by 'Z' or an offset (+HH,
        +HHMM, +HH:MM) that is converted to UTC; no offset means UTC, whatever the session time
        zone. Impossible dates ('2026-02-30', '25:00') and anything else ('not a date') give null.
        Reads the text as it is: pass clean_text() output.
    -#}
    {{ return(adapter.dispatch('safe_cast_timestamp', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__safe_cast_timestamp(expr) -%}
    case
        when {{ northstar.regexp_like(expr, northstar.timestamp_pattern()) }}
            then try_cast({{ expr }} as {{ dbt.type_timestamp() }})
    end
{%- endmacro %}

{% macro duckdb__safe_cast_timestamp(expr) -%}
    {#- One pattern per branch: most values have no offset and need one match and one cast. -#}
    case
        when {{ northstar.regexp_like(expr, northstar.timestamp_pattern('none')) }}
            then try_cast({{ expr }} as timestamp)
        when {{ northstar.regexp_like(expr, northstar.timestamp_pattern('required')) }}
            then timezone('UTC', try_cast({{ expr }} as timestamptz))
    end
{%- endmacro %}

{% macro postgres__safe_cast_timestamp(expr) -%}
    {#- staging.northstar_try_cast_timestamp is created by northstar_setup (on-run-start). -#}
    case
        when {{ northstar.regexp_like(expr, northstar.timestamp_pattern()) }}
            then staging.northstar_try_cast_timestamp({{ expr }})
    end
{%- endmacro %}
