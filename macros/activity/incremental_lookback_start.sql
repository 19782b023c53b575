{% macro incremental_lookback_start(watermark_expr) -%}
    {#- The watermark moved back by var northstar_incremental_lookback_days (default 3): rows
        stamped after it are reprocessed by an incremental run, so late arrivals are caught. -#}
    {%- set days = var('northstar_incremental_lookback_days', 3) | int -%}
    {{ dbt.dateadd('day', -days, watermark_expr) }}
{%- endmacro %}
