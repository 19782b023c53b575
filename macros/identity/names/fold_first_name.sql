{% macro fold_first_name(expr) -%}
    {#-
        A first name as identity compares it: trimmed, lower case, common Latin accents folded
        ('Álex' -> 'alex'). translate() is the same function on every warehouse.
    -#}
    translate(
        lower({{ northstar.trim_whitespace(expr) }}),
        'áàâäãåāéèêëēíìîïóòôöõøōúùûüūñçýÿšžčćł',
        'aaaaaaaeeeeeiiiiooooooouuuuuncyyszccl'
    )
{%- endmacro %}
