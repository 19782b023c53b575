{% macro web_visitor_key(anonymous_id, device_id, message_id) -%}
    {#- Whose web events are sessionised together: the cookie, else the device, else the message
        alone, as 'anonymous_id:<id>', 'device_id:<id>' or 'message_id:<id>'. -#}
    case
        when {{ anonymous_id }} is not null then 'anonymous_id:' || {{ anonymous_id }}
        when {{ device_id }} is not null then 'device_id:' || {{ device_id }}
        else 'message_id:' || {{ message_id }}
    end
{%- endmacro %}
