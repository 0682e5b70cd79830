-- One row per session marked (the UPN the school holds, the school, the
-- date, AM or PM), with the mark that stands for it and what that means:
-- - a session sent more than once takes the mark on the latest line (the
--   latest extract, then line: one feed file lands per extract date), as a
--   school re-sends a session to correct it (the others are listed in
--   fct_dq_issue). On a registration, its compact number stands for the UPN
--   and school; marks without a UPN cannot be told apart and each stands
--   alone;
-- - the code set in force on the date: the 2006 codes to 18 August 2024,
--   the 2024 codes from 19 August 2024 (School Attendance (Pupil
--   Registration) (England) Regulations 2024, SI 2024/208). A code used
--   outside its dates takes its latest meaning (and is flagged); a code on
--   no list is no session;
-- - a possible session (DfE): a counting code, on a school day of the LA's
--   calendar, while on the school's roll.
-- Incremental, as int_session_marks_linked: the marks of new feed files are
-- added, and a session they mark again loses the row of its earlier mark
-- first (pre-hook), so a late correction replaces the old mark.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_replaced_session_marks() }}"
) }}

with

marks as (
    select * from {{ ref('int_session_marks_linked') }}
    {%- if is_incremental() %}
    -- The marks this build linked.
    where build_id = '{{ invocation_id }}'
    {%- endif %}
),

repeated_marks as (
    select * from {{ ref('int_session_marks_repeated') }}
),

attendance_codes as (
    select * from {{ ref('attendance_codes') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

feed_files as (
    {{ feed_file_numbers() }}
),

-- A mark stands for its session unless a later mark replaced it: the
-- repeated sessions are few, so the marks stream past a small lookup
-- instead of being grouped by session.
sessions as (
    select
        marks.session_mark_number,
        marks.registration_number,
        marks.upn,
        marks.school_urn,
        marks.attendance_date,
        marks.session_name,
        marks.attendance_code,
        coalesce(repeated_marks.marks_sent, 1) as marks_sent
    from marks
    left join repeated_marks
        on marks.session_mark_number = repeated_marks.session_mark_number
    where repeated_marks.is_standing_mark is not false
),

-- A code's latest meaning, for marks made outside its dates (K in 2021,
-- H in 2025).
latest_meanings as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by attendance_code order by valid_from desc
            ) as recency
        from attendance_codes
    ) as meanings
    where recency = 1
),

coded as (
    select
        sessions.*,
        in_force.attendance_code is not null as is_code_in_force,
        latest_meanings.attendance_code is not null as is_code_listed,
        coalesce(in_force.code_set, latest_meanings.code_set) as code_set,
        coalesce(
            in_force.category, latest_meanings.category, 'unknown'
        ) as attendance_category,
        coalesce(
            in_force.counts_as_possible,
            latest_meanings.counts_as_possible,
            false
        ) as counts_as_possible,
        coalesce(
            in_force.is_unexplained_absence,
            latest_meanings.is_unexplained_absence,
            false
        ) as is_unexplained_absence,
        coalesce(
            in_force.is_deletion_run_code,
            latest_meanings.is_deletion_run_code,
            false
        ) as is_deletion_run_code
    from sessions
    left join attendance_codes as in_force
        on
            sessions.attendance_code = in_force.attendance_code
            and {{ is_open_on(
                'in_force.valid_from', 'in_force.valid_to',
                'sessions.attendance_date'
            ) }}
    left join latest_meanings
        on sessions.attendance_code = latest_meanings.attendance_code
),

placed as (
    select
        coded.*,
        feed_files.extract_date,
        feed_files.source_file,
        coded.session_mark_number - feed_files.file_number as source_line,
        coded.registration_number is not null as is_on_roll,
        coalesce(calendar_dates.is_school_day, false) as is_school_day,
        coalesce(calendar_dates.is_inset_day, false) as is_inset_day,
        calendar_dates.school_day_index,
        -- DfE's statistical year (August to July), from the calendar
        coalesce(
            calendar_dates.statistical_year_start,
            {{ statistical_year_start('coded.attendance_date') }}
        ) as academic_year_start
    from coded
    left join calendar_dates
        on coded.attendance_date = calendar_dates.calendar_date
    left join feed_files
        on
            {{ session_mark_file_number('coded.session_mark_number') }}
            = feed_files.file_number
),

judged as (
    select
        *,
        (counts_as_possible and is_school_day and is_on_roll)
            as is_possible_session
    from placed
)

select * from judged
