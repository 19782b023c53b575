{% macro row_reject_check(checks) -%}
    {#-
        The number (1, 2, ...) of the first of `checks` that rejects the row, as reject_check; null
        when none does. `checks` is a list of dicts, in the order they are tried: {field, code,
        when (SQL condition that rejects the row), value (optional SQL of the offending text,
        quoted in the reason), hint (optional text)}. Each condition is evaluated once per row;
        row_reject_columns() turns the number into words in the next step.
    -#}
    case
        {%- for check in checks %}
        when {{ check.when }} then {{ loop.index }}
        {%- endfor %}
    end as reject_check
{%- endmacro %}
