-- Runs of consecutive possible sessions of one class of absence codes, per
-- registration: unexplained absence (N, O: the CME triggers) and the
-- deletion run (G, N, O: School Attendance (Pupil Registration) (England)
-- Regulations 2024, reg 9(1)(i)). A run's length is counted in school days
-- of the LA's calendar, from its first day to its last, so a weekend or a
-- holiday never breaks it (int_absence_sessions_sequenced says where each
-- run starts).
with

run_sessions as (
    select * from {{ ref('int_absence_sessions_sequenced') }}
),

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

-- Each session carries the number of runs of its class started so far at
-- its registration: the number of its run.
islands as (
    select
        *,
        sum(case when starts_run then 1 else 0 end) over (
            partition by registration_number, absence_class
            order by session_slot
            rows between unbounded preceding and current row
        ) as run_index
    from run_sessions
),

runs as (
    select
        registration_number,
        absence_class,
        min(attendance_date) as first_absence_date,
        case
            when min_by(is_pm, session_slot) then 'PM' else 'AM'
        end as first_session_name,
        max(attendance_date) as last_absence_date,
        case
            when max_by(is_pm, session_slot) then 'PM' else 'AM'
        end as last_session_name,
        min(school_day_index) as first_school_day_index,
        max(school_day_index) as last_school_day_index,
        count(*) as absence_sessions,
        bool_or(is_last_possible_session) as is_ongoing
    from islands
    group by registration_number, absence_class, run_index
),

described as (
    select
        concat_ws(
            '|', registrations.enrolment_record_id, runs.absence_class,
            cast(runs.first_absence_date as {{ dbt.type_string() }}),
            runs.first_session_name
        ) as absence_run_id,
        registrations.enrolment_record_id as enrolment_id,
        registrations.child_id,
        registrations.school_urn,
        runs.*,
        runs.last_school_day_index - runs.first_school_day_index + 1
            as length_school_days
    from runs
    inner join registrations
        on runs.registration_number = registrations.registration_number
)

select * from described
