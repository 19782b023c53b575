{% macro quantity_checks(field, text_column, typed_column) -%}
    {#-
        Row checks (for row_reject_check) of a required quantity: empty, not a whole number, or
        negative.
    -#}
    {{ return(northstar.cast_checks(field, text_column, typed_column, 'not_an_integer') + [{
        'field': field,
        'code': 'negative_quantity',
        'when': typed_column ~ ' < 0',
        'value': text_column,
    }]) }}
{%- endmacro %}
