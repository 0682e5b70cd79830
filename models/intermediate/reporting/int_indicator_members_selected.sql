-- The children behind each indicator value, for audit: one row per
-- indicator, period and child with a case of the indicator's type open on
-- the period's as-at date (dates inclusive), naming one such case.
with

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

indicators as (
    select * from {{ ref('indicators') }}
),

open_cases as (
    select
        indicators.indicator_code,
        periods.period_label,
        periods.as_at_date,
        cases.child_id,
        cases.case_id
    from indicators
    inner join cases
        on indicators.case_type = cases.case_type
    inner join periods
        on {{ is_open_on(
            'cases.opened_date', 'cases.closed_date', 'periods.as_at_date'
        ) }}
),

members as (
    select
        indicator_code,
        period_label,
        as_at_date,
        child_id,
        min(case_id) as case_id,
        count(*) as open_case_count
    from open_cases
    group by indicator_code, period_label, as_at_date, child_id
)

select * from members
