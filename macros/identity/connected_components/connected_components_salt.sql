{% macro connected_components_salt(round) -%}
    {#-
        The hash of round `round` as [multiplier, increment]: fixed, so every build is
        reproducible, and different every round. Drawn from a 64-bit linear congruential
        generator (Knuth's MMIX constants), high bits only; the multiplier is never 0 mod
        2^31 - 1, so (node * multiplier + increment) mod (2^31 - 1) is a bijection.
        Round 0 uses the node ids themselves ([1, 0]): a graph numbered with its hubs first
        (identity numbers each record's strongest identifier smallest) contracts every star in
        that round; the later, randomised rounds keep O(log n) rounds on any graph.
    -#}
    {%- if round == 0 -%}
        {{ return([1, 0]) }}
    {%- endif -%}
    {%- set state = namespace(x=88172645463325252) -%}
    {%- for _ in range(round + 1) -%}
        {%- set state.x = (state.x * 6364136223846793005 + 1442695040888963407)
            % 18446744073709551616 -%}
    {%- endfor -%}
    {{ return([1 + (state.x // 4294967296) % 2147483646, (state.x // 256) % 2147483647]) }}
{%- endmacro %}
