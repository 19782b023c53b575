{% macro northstar_cc_round_relations(rounds) -%}
    {#- The work tables of `rounds` rounds: edges (cc_e), labels (cc_m), composed labels (cc_f). -#}
    {%- set relations = [] -%}
    {%- for round in range(rounds) -%}
        {%- for kind in ['cc_e', 'cc_m', 'cc_f'] -%}
            {%- do relations.append(northstar_work_relation(kind ~ round)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}
