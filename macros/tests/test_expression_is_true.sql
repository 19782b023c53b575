{% test expression_is_true(model, expression, column_name=none) %}
    {#- Fails with every row of `model` for which `expression` is not true (false or null).
        On a column, the expression is still written in full (`column_name` is not used). -#}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}
