{% macro key_checks(field, key_column) -%}
    {#-
        Row checks (for row_reject_columns) of a key: empty, or holding whitespace or control
        characters inside. `key_column` is its cleaned (trimmed) text; `field` the raw column name.
    -#}
    {{ return([
        {'field': field, 'code': 'missing_key', 'when': key_column ~ ' is null'},
        {
            'field': field,
            'code': 'malformed_key',
            'when': northstar.regexp_like(key_column, '[[:cntrl:][:space:]]'),
            'value': key_column,
        },
    ]) }}
{%- endmacro %}
