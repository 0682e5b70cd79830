-- The dates the CMOE cohort is taken on: the reports' periods (every year
-- end and the current date: int_reporting_periods_listed, kept as they are)
-- and, because the CMOE sub-groups meet weekly (committee report 3.2), the
-- same weekday every 7 days back from the current date for 52 weeks, so a
-- week's list can be set against the week before and the last 12 months.
-- A weekly date that is already a year end is listed once, as the year end.
with

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

current_period as (
    select as_at_date from periods
    where period_type = 'current'
),

weeks_back as (
    select calendar_dates.calendar_date as as_at_date
    from calendar_dates
    inner join current_period
        on
            calendar_dates.calendar_date < current_period.as_at_date
            and {{ dbt.datediff(
                'calendar_dates.calendar_date',
                'current_period.as_at_date',
                'day'
            ) }} <= 7 * 52
    where
        {{ dbt.datediff(
            'calendar_dates.calendar_date', 'current_period.as_at_date', 'day'
        ) }} % 7 = 0
),

weekly_dates as (
    select
        cast(weeks_back.as_at_date as {{ dbt.type_string() }})
            as period_label,
        'weekly' as period_type,
        weeks_back.as_at_date
    from weeks_back
    left join periods
        on weeks_back.as_at_date = periods.as_at_date
    where periods.as_at_date is null
),

as_at_dates as (
    select
        period_label,
        period_type,
        as_at_date
    from periods
    union all
    select * from weekly_dates
)

select * from as_at_dates
