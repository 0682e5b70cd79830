{#- The cells of one table of DfE's termly EHE and CME return: for each
    census date, a row per breakdown the table shows (the total first, then
    each topic's breakdowns in order) with the number of children, 0 where
    there are none (the census dates of int_census_dates_listed, the
    breakdowns of int_return_breakdowns_listed for `case_type`). `cases`
    names a relation of the cases counted, one row per census date and case
    with child_id, opened_date, case_id and a column per topic; `topics` maps
    each topic the table shows to its column. A child with several cases
    counts once, under the case that started last. -#}
{% macro return_cells(cases, case_type, topics, measure=none) -%}
    select
        census.academic_year,
        census.census_term,
        census.census_date,
        {%- if measure %}
        '{{ measure }}' as measure,
        {%- endif %}
        shown.breakdown_topic,
        shown.breakdown,
        shown.breakdown_order,
        count(children.child_id) as child_count
    from {{ ref('int_census_dates_listed') }} as census
    cross join (
        select
            'Total' as breakdown_topic,
            'Total' as breakdown,
            0 as breakdown_order
        {%- for topic in topics %}
        union all
        select
            breakdown_topic,
            breakdown,
            breakdown_order
        from {{ ref('int_return_breakdowns_listed') }}
        where
            case_type = '{{ case_type }}'
            and breakdown_topic = '{{ topic }}'
        {%- endfor %}
    ) as shown
    left join (
        select * from {{ cases }}
        qualify row_number() over (
            partition by census_date, child_id
            order by opened_date desc, case_id desc
        ) = 1
    ) as children
        on
            census.census_date = children.census_date
            and (
                shown.breakdown_topic = 'Total'
                {%- for topic, column in topics.items() %}
                or (
                    shown.breakdown_topic = '{{ topic }}'
                    and children.{{ column }} = shown.breakdown
                )
                {%- endfor %}
            )
    group by all
{%- endmacro %}
