-- One row per session marked (child, school, date, AM or PM): the mark that
-- stands for the session, what it means on its date, whether it is a
-- possible session, and the registration and child it belongs to, as
-- int_attendance_sessions_resolved works them out. A view: the tens of
-- millions of sessions are stored once. The repeats a session's mark
-- replaced are in fct_dq_issue.
{{ config(materialized='view') }}

with

sessions as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
),

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

published as (
    select
        sessions.session_mark_number,
        registrations.child_id,
        registrations.enrolment_record_id as enrolment_id,
        coalesce(registrations.school_urn, sessions.school_urn) as school_urn,
        sessions.attendance_date,
        sessions.session_name,
        sessions.academic_year_start,
        sessions.school_day_index,
        sessions.attendance_code,
        sessions.code_set,
        sessions.attendance_category,
        sessions.is_code_in_force,
        sessions.counts_as_possible,
        sessions.is_school_day,
        sessions.is_on_roll,
        sessions.is_possible_session,
        sessions.marks_sent,
        sessions.source_file,
        sessions.source_line
    from sessions
    left join registrations
        on sessions.registration_number = registrations.registration_number
)

select * from published
