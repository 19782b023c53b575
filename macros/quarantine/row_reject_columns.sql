{% macro row_reject_columns(checks) -%}
    {#-
        reject_field, reject_code and reject_reason of the check row_reject_check() chose (read from
        its column reject_check), all null for a row no check rejects.
    -#}
    case reject_check
        {%- for check in checks %}
        when {{ loop.index }} then '{{ check.field }}'
        {%- endfor %}
    end as reject_field,
    case reject_check
        {%- for check in checks %}
        when {{ loop.index }} then '{{ check.code }}'
        {%- endfor %}
    end as reject_code,
    case reject_check
        {%- for check in checks %}
        when {{ loop.index }}
            then {{ northstar.reject_reason_text(
                check.code, check.field, 'row', check.get('value'), check.get('hint')
            ) }}
        {%- endfor %}
    end as reject_reason
{%- endmacro %}
