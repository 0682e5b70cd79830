-- Runs of consecutive possible sessions of one class of absence codes, per
-- registration: unexplained absence (N, O: the CME triggers) and the
-- deletion run (G, N, O: School Attendance (Pupil Registration) (England)
-- Regulations 2024, reg 9(1)(i)). A run's length is counted in school days
-- of the LA's calendar, from its first day to its last, so a weekend or a
-- holiday never breaks it (gaps and islands on the session numbers).
with

run_sessions as (
    select * from {{ ref('int_absence_sessions_numbered') }}
),

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

classed as (
    select
        *,
        'unexplained' as absence_class
    from run_sessions
    where is_unexplained_absence

    union all

    select
        *,
        'deletion' as absence_class
    from run_sessions
    where is_deletion_run_code
),

-- Within a run, session numbers and their rank among the class's sessions
-- rise together: their difference names the run.
islands as (
    select
        *,
        session_number - row_number() over (
            partition by registration_number, absence_class
            order by session_number
        ) as island
    from classed
),

runs as (
    select
        registration_number,
        absence_class,
        min(attendance_date) as first_absence_date,
        case
            when min_by(is_pm, session_number) then 'PM' else 'AM'
        end as first_session_name,
        max(attendance_date) as last_absence_date,
        case
            when max_by(is_pm, session_number) then 'PM' else 'AM'
        end as last_session_name,
        min(school_day_index) as first_school_day_index,
        max(school_day_index) as last_school_day_index,
        count(*) as absence_sessions,
        max(session_number) = max(last_session_number) as is_ongoing
    from islands
    group by registration_number, absence_class, island
),

described as (
    select
        concat_ws(
            '|', registrations.enrolment_record_id, runs.absence_class,
            cast(runs.first_absence_date as varchar), runs.first_session_name
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
