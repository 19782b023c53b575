{% macro fold_email(expr) -%}
    {#-
        A normalised email -> the mailbox it reaches, for identity. With var
        `northstar_gmail_folding` on (the default), gmail.com and googlemail.com addresses lose the
        dots and any +tag of their local part and end in @gmail.com; other addresses (and every
        address when the var is off) are returned unchanged.
    -#}
    {{ return(adapter.dispatch('fold_email', 'northstar')(expr)) }}
{%- endmacro %}

{% macro default__fold_email(expr) -%}
    {%- if var('northstar_gmail_folding', true) | as_bool -%}
    case
        when split_part({{ expr }}, '@', 2) in ('gmail.com', 'googlemail.com')
            then replace(split_part(split_part({{ expr }}, '@', 1), '+', 1), '.', '')
            || '@gmail.com'
        else {{ expr }}
    end
    {%- else -%}
    {{ expr }}
    {%- endif -%}
{%- endmacro %}
