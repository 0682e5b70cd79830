-- The day a child's absence at a school crosses a threshold the LA acts on:
-- - cme_checklist: var cme_checklist_days (5) school days of unexplained
--   absence, when the school starts the CME checklist (the LA's CME
--   procedure);
-- - cme_referral: var cme_referral_days (10) continuous school days of
--   unexplained absence, which the school returns to the LA (School
--   Attendance (Pupil Registration) (England) Regulations 2006 reg 12(1);
--   Children missing education statutory guidance);
-- - deletion_run: var deletion_run_days (20) continuous school days of G, N
--   or O, the ground for deletion once school and LA have made enquiries
--   (2024 Regulations reg 9(1)(i));
-- - illness_return: var illness_return_days (15) days of illness (code I)
--   in an academic year, consecutive or not, which schools return to the LA
--   and after which s19 provision is expected (CME guidance 2024; Arranging
--   education for children who cannot attend school because of health
--   needs, 2023).
-- A run crosses its threshold on its Nth school day; the illness return on
-- the day of the year's (2 x N)th illness session.
{%- set run_thresholds = [
    ('cme_checklist', 'unexplained', var('cme_checklist_days')),
    ('cme_referral', 'unexplained', var('cme_referral_days')),
    ('deletion_run', 'deletion', var('deletion_run_days')),
] %}

with

runs as (
    select * from {{ ref('int_absence_runs_found') }}
),

illness_sessions as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
    where is_possible_session and attendance_code = 'I'
),

school_days as (
    select * from {{ ref('int_calendar_dates_described') }}
    where is_school_day
),

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

thresholds as (
    {%- for trigger_code, absence_class, days in run_thresholds %}
    select
        '{{ trigger_code }}' as trigger_code,
        '{{ absence_class }}' as absence_class,
        {{ days }} as threshold_school_days
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

run_crossings as (
    select
        thresholds.trigger_code,
        runs.child_id,
        runs.enrolment_id,
        runs.school_urn,
        runs.absence_run_id,
        runs.first_absence_date as run_start_date,
        crossing_days.calendar_date as crossing_date,
        crossing_days.school_day_index as crossing_school_day_index
    from runs
    inner join thresholds
        on runs.absence_class = thresholds.absence_class
    inner join school_days as crossing_days
        on
            crossing_days.school_day_index
            = runs.first_school_day_index
            + thresholds.threshold_school_days - 1
    where runs.length_school_days >= thresholds.threshold_school_days
),

illness_numbered as (
    select
        registration_number,
        attendance_date,
        school_day_index,
        row_number() over (
            partition by registration_number, academic_year_start
            order by attendance_date, session_name
        ) as illness_session_number
    from illness_sessions
),

illness_crossings as (
    select
        'illness_return' as trigger_code,
        registrations.child_id,
        registrations.enrolment_record_id as enrolment_id,
        registrations.school_urn,
        cast(null as {{ dbt.type_string() }}) as absence_run_id,
        cast(null as date) as run_start_date,
        illness_numbered.attendance_date as crossing_date,
        illness_numbered.school_day_index as crossing_school_day_index
    from illness_numbered
    inner join registrations
        on
            illness_numbered.registration_number
            = registrations.registration_number
    where
        illness_numbered.illness_session_number
        = 2 * {{ var('illness_return_days') }}
),

crossings as (
    select * from run_crossings
    union all
    select * from illness_crossings
),

-- A CME referral answers a crossing when it is made by the school day var
-- cme_referral_days school days after it.
with_referral_deadline as (
    select
        concat_ws(
            '|', crossings.trigger_code, crossings.enrolment_id,
            cast(crossings.crossing_date as {{ dbt.type_string() }})
        ) as attendance_trigger_id,
        crossings.trigger_code,
        crossings.child_id,
        crossings.enrolment_id,
        crossings.school_urn,
        crossings.absence_run_id,
        crossings.run_start_date,
        crossings.crossing_date,
        deadlines.calendar_date as referral_due_date
    from crossings
    left join school_days as deadlines
        on
            deadlines.school_day_index
            = crossings.crossing_school_day_index
            + {{ var('cme_referral_days') }}
)

select * from with_referral_deadline
