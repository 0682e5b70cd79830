-- The committee's indicator table, long: one row per indicator and period
-- with the number of distinct children behind it on the as-at date
-- (rpt_indicator_member; zero where there are none). A name may hold
-- {cmoe_min_school_days}, filled in from the var so the label follows it.
with

indicators as (
    select * from {{ ref('indicators') }}
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

members as (
    select * from {{ ref('rpt_indicator_member') }}
),

counts as (
    select
        indicator_code,
        period_label,
        count(*) as child_count
    from members
    group by indicator_code, period_label
),

snapshot as (
    select
        indicators.indicator_code,
        replace(
            indicators.indicator_name,
            '{cmoe_min_school_days}',
            '{{ var("cmoe_min_school_days") }}'
        ) as indicator_name,
        indicators.indicator_group,
        indicators.display_order,
        periods.period_label,
        periods.period_type,
        periods.as_at_date,
        coalesce(counts.child_count, 0) as value
    from indicators
    cross join periods
    left join counts
        on
            indicators.indicator_code = counts.indicator_code
            and periods.period_label = counts.period_label
)

select * from snapshot
