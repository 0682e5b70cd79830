-- The CMOE cohort's reasons from the LA's case registers and placements, on
-- each of the cohort's as-at dates (int_cmoe_as_at_dates_listed), one row per
-- child, reason and date, with the day the reason began:
--   ehe_unsuitable        home education open and judged unsuitable at its
--                         latest assessment;
--   ehe_not_assessed      home education open and not assessed var
--                         ehe_assessment_days school days after it began;
--   rep_past_review       a reduced timetable still open past its review
--   rep_past_planned_end  date, or past its planned end;
--   cme_unresolved        a CME case open var cme_stuck_school_days school
--                         days or more;
--   part_time_provision   an AP or EOTAS placement offering fewer than var
--                         full_time_hours_per_week hours a week.
-- A case opened before the calendar counts from the calendar's first day.
{%- set assessment_days = var('ehe_assessment_days') %}
{%- set stuck_days = var('cme_stuck_school_days') %}

with

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

placements as (
    select * from {{ ref('int_placements_linked') }}
),

periods as (
    select * from {{ ref('int_cmoe_as_at_dates_listed') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

cases_open as (
    select
        periods.period_label,
        periods.period_type,
        periods.as_at_date,
        cases.*,
        at_date.school_day_index
        - coalesce(opened.school_day_index, 0) as school_days_open
    from cases
    inner join periods
        on {{ is_open_on('cases.opened_date', 'cases.closed_date',
            'periods.as_at_date') }}
    left join calendar_dates as opened
        on cases.opened_date = opened.calendar_date
    left join calendar_dates as at_date
        on periods.as_at_date = at_date.calendar_date
),

-- A reduced timetable's two dates, each a reason once passed.
rep_deadlines as (
    select
        cases_open.*,
        deadlines.cmoe_reason,
        case deadlines.cmoe_reason
            when 'rep_past_review' then cases_open.review_date
            else cases_open.planned_end_date
        end as deadline_date
    from cases_open
    cross join (
        values ('rep_past_review'), ('rep_past_planned_end')
    ) as deadlines (cmoe_reason)
    where cases_open.case_type = 'rep'
),

case_reasons as (
    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        'ehe_unsuitable' as cmoe_reason,
        case_id as source_id,
        suitability_date as reason_start_date,
        cast(null as integer) as school_days
    from cases_open
    where
        case_type = 'ehe'
        and suitability = 'Unsuitable'
        and suitability_date <= as_at_date

    union all

    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        'ehe_not_assessed' as cmoe_reason,
        case_id as source_id,
        opened_date as reason_start_date,
        school_days_open as school_days
    from cases_open
    where
        case_type = 'ehe'
        and (suitability_date is null or suitability_date > as_at_date)
        and school_days_open > {{ assessment_days }}

    union all

    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        cmoe_reason,
        case_id as source_id,
        cast({{ dbt.dateadd('day', 1, 'deadline_date') }} as date)
            as reason_start_date,
        cast(null as integer) as school_days
    from rep_deadlines
    where deadline_date < as_at_date

    union all

    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        'cme_unresolved' as cmoe_reason,
        case_id as source_id,
        opened_date as reason_start_date,
        school_days_open as school_days
    from cases_open
    where case_type = 'cme' and school_days_open >= {{ stuck_days }}
),

placement_reasons as (
    select
        periods.period_label,
        periods.period_type,
        periods.as_at_date,
        placements.child_id,
        'part_time_provision' as cmoe_reason,
        placements.placement_record_id as source_id,
        placements.placement_start_date as reason_start_date,
        cast(null as integer) as school_days
    from placements
    inner join periods
        on {{ is_open_on(
            'placements.placement_start_date',
            'placements.placement_end_date',
            'periods.as_at_date'
        ) }}
    where
        placements.provision_type in ('alternative_provision', 'eotas')
        and placements.hours_per_week < {{ var('full_time_hours_per_week') }}
),

reasons as (
    select * from case_reasons
    union all
    select * from placement_reasons
)

select * from reasons
