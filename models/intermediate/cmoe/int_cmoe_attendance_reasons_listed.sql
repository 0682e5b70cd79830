-- Children whose absence crossed the CME referral threshold (var
-- cme_referral_days school days of unexplained absence:
-- int_attendance_thresholds_crossed) with no CME case opened since, on each
-- of the cohort's as-at dates (int_cmoe_as_at_dates_listed): the
-- cme_trigger_not_referred reason of the CMOE cohort, from the crossing.
-- It holds for var cmoe_min_school_days
-- school days after the crossing: by then the child is back at school or
-- the roll's deletion has made a gap (int_cmoe_gap_reasons_listed).
with

crossings as (
    select * from {{ ref('int_attendance_thresholds_crossed') }}
    where trigger_code = 'cme_referral'
),

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
    where case_type = 'cme'
),

periods as (
    select * from {{ ref('int_cmoe_as_at_dates_listed') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

crossings_at_date as (
    select
        periods.period_label,
        periods.period_type,
        periods.as_at_date,
        crossings.attendance_trigger_id,
        crossings.child_id,
        crossings.crossing_date,
        at_date.school_day_index - crossed.school_day_index
            as school_days
    from crossings
    inner join periods
        on crossings.crossing_date <= periods.as_at_date
    inner join calendar_dates as crossed
        on crossings.crossing_date = crossed.calendar_date
    inner join calendar_dates as at_date
        on periods.as_at_date = at_date.calendar_date
),

-- Crossings a CME case has answered by the as-at date.
referred as (
    select distinct
        crossings_at_date.period_label,
        crossings_at_date.attendance_trigger_id
    from crossings_at_date
    inner join cases
        on
            crossings_at_date.child_id = cases.child_id
            and cases.opened_date
            between crossings_at_date.crossing_date
            and crossings_at_date.as_at_date
),

reasons as (
    select
        crossings_at_date.period_label,
        crossings_at_date.period_type,
        crossings_at_date.as_at_date,
        crossings_at_date.child_id,
        'cme_trigger_not_referred' as cmoe_reason,
        crossings_at_date.attendance_trigger_id as source_id,
        crossings_at_date.crossing_date as reason_start_date,
        crossings_at_date.school_days
    from crossings_at_date
    left join referred
        on
            crossings_at_date.period_label = referred.period_label
            and crossings_at_date.attendance_trigger_id
            = referred.attendance_trigger_id
    where
        referred.attendance_trigger_id is null
        and crossings_at_date.school_days <= {{ var('cmoe_min_school_days') }}
)

select * from reasons
