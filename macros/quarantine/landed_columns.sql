{% macro landed_columns(columns) -%}
    {#-
        The raw columns `columns` exactly as landed, as text, each renamed landed_<column>: the
        first step of a base model. Staging keeps them for the row fingerprint and for the raw
        values the quarantine shows.
    -#}
    {%- for column in columns %}
    {{ northstar.as_text(column) }} as landed_{{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
