{% macro placeholder_values() -%}
    {#-
        Values staff type when they have none (compared trimmed and lower-cased): they mean
        "empty", not an identifier. Checked before emails and phones are validated.
    -#}
    {{ return([
        'n/a', 'na', 'n.a.', 'null', 'nil', 'none', 'unknown', 'unk', '-', '--', '.', '?',
        'x', 'xx', 'xxx', 'tbd', 'not provided', 'no email', 'no phone'
    ]) }}
{%- endmacro %}
