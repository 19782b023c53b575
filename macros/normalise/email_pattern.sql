{% macro email_pattern() -%}
    {#-
        What a normalised (lower-case, trimmed) email must look like: a local part of letters,
        digits and . _ % + - (not starting with . or +, no two dots in a row), one @, and a domain
        of dot-separated labels ending in a top-level domain of two or more letters.
    -#}
    {{ return(
        '^[a-z0-9_%-][a-z0-9_%+-]*([.][a-z0-9_%+-]+)*'
        ~ '@([a-z0-9]([a-z0-9-]*[a-z0-9])?[.])+[a-z]{2,}$'
    ) }}
{%- endmacro %}
