{% macro value_reject_columns(value_checks) -%}
    {#-
        For each field of `value_checks` (see value_reject_checks), <field>_reject_code and
        <field>_reject_reason of the check that dropped its value, read from <field>_reject_check.
    -#}
    {%- for field, spec in value_checks.items() %}
    case {{ field }}_reject_check
        {%- for check in spec.checks %}
        when {{ loop.index }} then '{{ check.code }}'
        {%- endfor %}
    end as {{ field }}_reject_code,
    case {{ field }}_reject_check
        {%- for check in spec.checks %}
        when {{ loop.index }}
            then {{ northstar.reject_reason_text(
                check.code, field, 'value', check.get('value'), check.get('hint')
            ) }}
        {%- endfor %}
    end as {{ field }}_reject_reason{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
