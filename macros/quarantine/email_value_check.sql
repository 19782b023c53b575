{% macro email_value_check(text_column, email_column) -%}
    {#-
        The value check (for value_reject_checks) of an email: `text_column` is its cleaned text,
        `email_column` the normalise_email() result. A placeholder is reported as such, anything
        else that did not normalise as an invalid address. The value is PII: never quoted.
    -#}
    {{ return({
        'present': text_column,
        'ok': email_column ~ ' is not null',
        'checks': [
            {'code': 'placeholder_value', 'when': northstar.is_placeholder(text_column)},
            {'code': 'invalid_email', 'when': 'true'},
        ],
    }) }}
{%- endmacro %}
