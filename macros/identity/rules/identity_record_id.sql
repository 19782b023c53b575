{% macro identity_record_id(source_table, record_key) -%}
    {#-
        A record as a 63-bit integer: a hash of its source table and key. Identity joins and
        groups these integers instead of two strings. int_identity_records proves that no two
        records of a build share one (a test fails the build if they do: about one chance in
        10^5 at 10 million records), so the answer is exact. Internal to a build: the number may
        differ between warehouses, the person ids do not.
    -#}
    {{ return(adapter.dispatch('identity_record_id', 'northstar')(source_table, record_key)) }}
{%- endmacro %}

{% macro default__identity_record_id(source_table, record_key) -%}
    cast(hash({{ source_table }} || ':' || {{ record_key }}) >> 1 as bigint)
{%- endmacro %}

{% macro postgres__identity_record_id(source_table, record_key) -%}
    hashtextextended({{ source_table }} || ':' || {{ record_key }}, 0)
{%- endmacro %}

{% macro spark__identity_record_id(source_table, record_key) -%}
    xxhash64({{ source_table }} || ':' || {{ record_key }})
{%- endmacro %}
