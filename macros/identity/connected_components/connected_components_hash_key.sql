{% macro connected_components_hash_key(node, multiplier, increment) -%}
    {#-
        A node's rank in one round, packed with the node itself so that a plain min() returns
        the winning node on every warehouse: hash * 2^31 + node, where
        hash = (node * multiplier + increment) mod (2^31 - 1) is a bijection on 0 .. 2^31 - 2.
    -#}
    ((cast({{ node }} as {{ dbt.type_bigint() }}) * {{ multiplier }} + {{ increment }})
        % 2147483647) * 2147483648 + {{ node }}
{%- endmacro %}
