-- Children out of provision (int_provision_gaps_found) for at least var
-- cmoe_min_school_days school days on one of the cohort's as-at dates
-- (int_cmoe_as_at_dates_listed): the no_provision reason of the CMOE
-- cohort, from the first day without provision. Counted in school days of
-- the LA's calendar, to the as-at date.
with

gaps as (
    select * from {{ ref('int_provision_gaps_found') }}
),

periods as (
    select * from {{ ref('int_cmoe_as_at_dates_listed') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

-- A gap open on the as-at date (never past the date the data reach).
gaps_at_date as (
    select
        periods.period_label,
        periods.period_type,
        periods.as_at_date,
        gaps.child_id,
        gaps.gap_start_date,
        at_date.school_day_index - before_start.school_day_index
            as school_days
    from gaps
    inner join periods
        on
            gaps.gap_start_date <= periods.as_at_date
            and coalesce(gaps.gap_end_date, gaps.as_at_date)
            >= periods.as_at_date
    inner join calendar_dates as at_date
        on periods.as_at_date = at_date.calendar_date
    inner join calendar_dates as before_start
        on
            cast({{ dbt.dateadd('day', -1, 'gaps.gap_start_date') }} as date)
            = before_start.calendar_date
),

reasons as (
    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        'no_provision' as cmoe_reason,
        concat(
            child_id, '|', cast(gap_start_date as {{ dbt.type_string() }})
        ) as source_id,
        gap_start_date as reason_start_date,
        school_days
    from gaps_at_date
    where school_days >= {{ var('cmoe_min_school_days') }}
)

select * from reasons
