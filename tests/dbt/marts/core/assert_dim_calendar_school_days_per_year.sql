-- Schools meet 380 sessions (190 days) a year and census days are school days:
-- 185-195 days per full year (EES absence methodology).
with

calendar as (
    select * from {{ ref('dim_calendar') }}
),

census_dates as (
    select * from {{ ref('census_dates') }}
),

academic_years as (
    select
        academic_year,
        min(calendar_date) as first_date,
        max(calendar_date) as last_date,
        sum(case when is_school_day then 1 else 0 end) as school_days
    from calendar
    group by academic_year
),

-- A complete year runs from 1 September to 31 August in the calendar.
complete_years as (
    select *
    from academic_years
    where
        extract(month from first_date) = 9
        and extract(day from first_date) = 1
        and extract(month from last_date) = 8
        and extract(day from last_date) = 31
),

short_or_long_years as (
    select
        'school days in the year' as failure,
        academic_year,
        cast(null as date) as calendar_date,
        school_days
    from complete_years
    where school_days not between 185 and 195
),

census_days_not_school_days as (
    select
        'census day not a school day' as failure,
        census_dates.academic_year,
        census_dates.census_date as calendar_date,
        null as school_days
    from census_dates
    left join calendar
        on census_dates.census_date = calendar.calendar_date
    where not coalesce(calendar.is_school_day, false)
),

failures as (
    select * from short_or_long_years
    union all
    select * from census_days_not_school_days
)

select * from failures
