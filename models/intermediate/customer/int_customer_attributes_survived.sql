{#-
    The survivorship rule of the golden record (seed survivorship_rules): per person and
    attribute, among the non-empty values of the source columns the seed lists for it, the
    value from the source of the lowest priority wins, then the most recent record, then the
    most complete record (most golden attributes filled), then the value and record key in byte
    order. Empty, blank and placeholder values and blocked identifiers never compete.
    `decided_by` says which step separated the winner from the best candidate with another value.
-#}
with

attribute_values as (
    select * from {{ ref('int_customer_attribute_values_unioned') }}
),

rules as (
    select * from {{ ref('survivorship_rules') }}
),

candidates as (
    select
        attribute_values.person_id,
        rules.attribute,
        attribute_values.source_table,
        attribute_values.source_column,
        attribute_values.record_key,
        {{ northstar.trim_whitespace('attribute_values.attribute_value') }} as attribute_value,
        attribute_values.is_blocked_identifier,
        rules.priority as source_priority,
        attribute_values.observed_at
    from attribute_values
    inner join rules
        on
            attribute_values.source_table = rules.source_table
            and attribute_values.source_column = rules.source_column
),

usable as (
    select *
    from candidates
    where
        attribute_value is not null
        and attribute_value != ''
        and not {{ northstar.is_placeholder('attribute_value') }}
        and not coalesce(is_blocked_identifier, false)
),

record_completeness as (
    select
        source_table,
        record_key,
        count(distinct attribute) as filled_attribute_count
    from usable
    group by source_table, record_key
),

ranked as (
    select
        usable.*,
        record_completeness.filled_attribute_count,
        count(*) over (
            partition by usable.person_id, usable.attribute
        ) as candidate_count,
        row_number() over (
            partition by usable.person_id, usable.attribute
            order by
                usable.source_priority,
                usable.observed_at desc nulls last,
                record_completeness.filled_attribute_count desc,
                {{ northstar.tie_break_order(
                    ['usable.attribute_value', 'usable.record_key', 'usable.source_column']
                ) }}
        ) as candidate_rank
    from usable
    inner join record_completeness
        on
            usable.source_table = record_completeness.source_table
            and usable.record_key = record_completeness.record_key
),

winners as (
    select * from ranked
    where candidate_rank = 1
),

challengers as (
    select
        ranked.person_id,
        ranked.attribute,
        ranked.source_priority,
        ranked.observed_at,
        ranked.filled_attribute_count,
        row_number() over (
            partition by ranked.person_id, ranked.attribute
            order by ranked.candidate_rank
        ) as challenger_rank
    from ranked
    inner join winners
        on
            ranked.person_id = winners.person_id
            and ranked.attribute = winners.attribute
    where ranked.attribute_value != winners.attribute_value
),

final as (
    select
        winners.person_id,
        winners.attribute,
        winners.attribute_value,
        winners.source_table,
        winners.source_column,
        winners.record_key,
        winners.source_priority,
        winners.filled_attribute_count,
        winners.candidate_count,
        winners.observed_at,
        case
            when challengers.person_id is null then 'no_other_value'
            when winners.source_priority != challengers.source_priority then 'source_priority'
            when
                winners.observed_at != challengers.observed_at
                or (winners.observed_at is null) != (challengers.observed_at is null)
                then 'recency'
            when winners.filled_attribute_count != challengers.filled_attribute_count
                then 'completeness'
            else 'value_order'
        end as decided_by
    from winners
    left join challengers
        on
            winners.person_id = challengers.person_id
            and winners.attribute = challengers.attribute
            and challengers.challenger_rank = 1
)

select * from final
