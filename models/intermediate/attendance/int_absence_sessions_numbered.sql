-- The possible sessions of each registration numbered in order (school day,
-- then AM before PM), so that consecutive numbers are consecutive possible
-- sessions whatever lies between them: weekends, holidays, half terms and
-- sessions that do not count (D, X, #, Y ...). Only the sessions an absence
-- run can hold are kept: unexplained absence and the deletion-run codes
-- (attendance_codes seed). Narrow on purpose: the sort is over tens of
-- millions of sessions.
with

possible_sessions as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
    where is_possible_session
),

numbered as (
    select
        registration_number,
        attendance_date,
        session_name = 'PM' as is_pm,
        school_day_index,
        is_unexplained_absence,
        is_deletion_run_code,
        row_number() over (
            partition by registration_number
            order by school_day_index, session_name = 'PM'
        ) as session_number
    from possible_sessions
),

last_sessions as (
    select
        registration_number,
        count(*) as last_session_number
    from possible_sessions
    group by registration_number
),

run_sessions as (
    select
        numbered.*,
        last_sessions.last_session_number
    from numbered
    inner join last_sessions
        on numbered.registration_number = last_sessions.registration_number
    where numbered.is_unexplained_absence or numbered.is_deletion_run_code
)

select * from run_sessions
