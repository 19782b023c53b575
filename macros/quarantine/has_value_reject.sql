{% macro has_value_reject(value_checks) -%}
    {#- True when any field of `value_checks` had its value dropped (<field>_reject_check set). -#}
    {%- if value_checks -%}
    (
        {%- for field in value_checks %}
        {{ "or " if not loop.first }}{{ field }}_reject_check is not null
        {%- endfor %}
    )
    {%- else -%}
    false
    {%- endif -%}
{%- endmacro %}
