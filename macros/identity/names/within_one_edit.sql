{% macro within_one_edit(left_expr, right_expr) -%}
    {#-
        True when two texts are at most one edit apart: one letter dropped, added, changed, or two
        neighbours swapped (Damerau-Levenshtein distance <= 1) - the typos people make in names.
    -#}
    {{ return(adapter.dispatch('within_one_edit', 'northstar')(left_expr, right_expr)) }}
{%- endmacro %}

{% macro default__within_one_edit(left_expr, right_expr) -%}
    levenshtein({{ left_expr }}, {{ right_expr }}) <= 1
{%- endmacro %}

{% macro duckdb__within_one_edit(left_expr, right_expr) -%}
    damerau_levenshtein({{ left_expr }}, {{ right_expr }}) <= 1
{%- endmacro %}

{% macro postgres__within_one_edit(left_expr, right_expr) -%}
    {#- A plain SQL function created by northstar_setup (no extension needed). -#}
    staging.northstar_within_one_edit({{ left_expr }}, {{ right_expr }})
{%- endmacro %}
