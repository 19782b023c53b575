{% macro value_reject_checks(source_table, value_checks) -%}
    {#-
        For each field checked value by value, <field>_reject_check: the number of the first check
        that drops the value, null when the value is fine or empty. `value_checks` maps each field
        to {present: SQL of its cleaned text, ok: SQL true when the value was accepted, checks:
        [{code, when, value, hint}, ...]}, tried in order on the rest. The fields
        must be the ones staging_tables() lists for `source_table` (the quarantine reads that
        list): a mismatch is a compile error, so no checked value can miss the quarantine.
    -#}
    {%- set registered = northstar.staging_table(source_table).value_fields -%}
    {%- if (value_checks.keys() | list) != registered -%}
        {{ exceptions.raise_compiler_error(
            "value checks of " ~ source_table ~ " (" ~ (value_checks.keys() | list | join(', '))
            ~ ") differ from staging_tables() (" ~ (registered | join(', ')) ~ ")"
        ) }}
    {%- endif -%}
    {%- for field, spec in value_checks.items() %}
    case
        when {{ spec.present }} is null or {{ spec.ok }} then null
        {%- for check in spec.checks %}
        when {{ check.when }} then {{ loop.index }}
        {%- endfor %}
    end as {{ field }}_reject_check{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
