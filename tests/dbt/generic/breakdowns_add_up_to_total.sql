{#- Fails on every topic of a long table of counts whose breakdowns do not
    add up to the row of breakdown_topic 'Total' of the same group: a child
    in no breakdown the table shows (or in two) would show here. -#}
{% test breakdowns_add_up_to_total(model, group_by_columns) %}

with

topics as (
    select
        {{ group_by_columns | join(', ') }},
        breakdown_topic,
        sum(child_count) as topic_count
    from {{ model }}
    where breakdown_topic <> 'Total'
    group by {{ group_by_columns | join(', ') }}, breakdown_topic
),

totals as (
    select
        {{ group_by_columns | join(', ') }},
        child_count as total_count
    from {{ model }}
    where breakdown_topic = 'Total'
)

select
    topics.*,
    totals.total_count
from topics
left join totals
    on
    {%- for column in group_by_columns %}
        topics.{{ column }} = totals.{{ column }}
        {%- if not loop.last %} and{% endif %}
    {%- endfor %}
where totals.total_count is null or topics.topic_count <> totals.total_count

{% endtest %}
