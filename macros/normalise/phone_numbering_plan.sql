{% macro phone_numbering_plan(dialing_rules) -%}
    {#-
        A select over `dialing_rules` (a relation or CTE with country_dialing_rules' columns)
        with one row per three-digit prefix an international number can start with ('490' ...
        '499' for Germany's 49, '100' ... '199' for 1): digits_prefix, calling_code,
        trunk_prefix, national_min_length, national_max_length. Countries sharing a calling code
        (US, CA) share a row with their widest length range. Joined on left(digits, 3), it finds
        a number's calling code with one equality join, as calling codes are prefix-free.
    -#}
    {{ return(adapter.dispatch('phone_numbering_plan', 'northstar')(dialing_rules)) }}
{%- endmacro %}

{% macro default__phone_numbering_plan(dialing_rules) -%}
    with

    digits as (
        select digit
        from (
            values ('0'), ('1'), ('2'), ('3'), ('4'), ('5'), ('6'), ('7'), ('8'), ('9')
        ) as digit_values (digit)
    ),

    prefixes as (
        select first_digit.digit || second_digit.digit || third_digit.digit as digits_prefix
        from digits as first_digit
        cross join digits as second_digit
        cross join digits as third_digit
    ),

    calling_codes as (
        select
            calling_code,
            max(trunk_prefix) as trunk_prefix,
            min(national_min_length) as national_min_length,
            max(national_max_length) as national_max_length
        from {{ dialing_rules }}
        group by calling_code
    )

    select
        prefixes.digits_prefix,
        calling_codes.calling_code,
        calling_codes.trunk_prefix,
        calling_codes.national_min_length,
        calling_codes.national_max_length
    from prefixes
    inner join calling_codes
        on
            left(prefixes.digits_prefix, length(calling_codes.calling_code))
            = calling_codes.calling_code
{%- endmacro %}
