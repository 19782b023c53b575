{% macro raw_values_of_rejects(landed, value_checks) -%}
    {#-
        The landed row as JSON text (to_json_text of landed_<column>), only for rows the
        quarantine will show - rejected whole (reject_check) or with a dropped value
        (<field>_reject_check of `value_checks`); null otherwise, so that accepted rows carry
        and store nothing for the audit.
    -#}
    case
        when reject_check is not null
            {%- for field in value_checks %}
            or {{ field }}_reject_check is not null
            {%- endfor %}
            then {{ northstar.to_json_text(landed, 'landed_') }}
    end
{%- endmacro %}
