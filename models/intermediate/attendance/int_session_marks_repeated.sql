-- The marks of every session the feed sent more than once (a school
-- re-sends a session to correct it), each with the mark that stands for the
-- session: the latest (extract date, then line; one feed file lands per
-- extract date). On a registration a session is its number, date and AM or
-- PM; off roll, its UPN, school, date and AM or PM; a mark without a UPN
-- cannot be told apart from another and stands alone. A few thousand rows,
-- found by counting marks per session on narrow keys, so that
-- int_attendance_sessions_resolved keeps every other mark as it streams by
-- instead of grouping tens of millions of sessions.
-- Incremental, as int_session_marks_linked: only the sessions the marks
-- linked by this build touch are counted again, and their rows replaced.
{{ config(
    materialized='incremental',
    incremental_strategy=replace_by_key_strategy(),
    unique_key='session_mark_number'
) }}

with

-- Read once for each use, not as one CTE read twice: DuckDB would copy a
-- CTE read twice (every mark).
marks_on_roll as (
    select * from {{ ref('int_session_marks_linked') }}
    where registration_number is not null
),

marks_off_roll as (
    select * from {{ ref('int_session_marks_linked') }}
    where registration_number is null and upn is not null
),

{%- if is_incremental() %}

-- The sessions on a registration that this build's marks touch.
touched_sessions as (
    select distinct
        registration_number,
        attendance_date,
        session_name
    from {{ ref('int_session_marks_linked') }}
    where
        build_id = '{{ invocation_id }}'
        and registration_number is not null
),
{%- endif %}

counted_on_roll as (
    select marks.*
    from {{ ref('int_session_marks_linked') }} as marks
    {%- if is_incremental() %}
    inner join touched_sessions
        on
            marks.registration_number = touched_sessions.registration_number
            and marks.attendance_date = touched_sessions.attendance_date
            and marks.session_name = touched_sessions.session_name
    -- The few dates first: DuckDB then joins a handful of marks.
    where marks.attendance_date in (
        select touched_sessions.attendance_date from touched_sessions
    )
    {%- else %}
    where marks.registration_number is not null
    {%- endif %}
),

repeated_sessions_on_roll as (
    select
        registration_number,
        attendance_date,
        session_name,
        max(session_mark_number) as standing_mark_number,
        count(*) as marks_sent
    from counted_on_roll
    group by registration_number, attendance_date, session_name
    having count(*) > 1
),

-- Few marks are off roll: counted whole each time (and read once, as this
-- CTE and marks_off_roll are one small copy).
repeated_sessions_off_roll as (
    select
        upn,
        school_urn,
        attendance_date,
        session_name,
        max(session_mark_number) as standing_mark_number,
        count(*) as marks_sent
    from marks_off_roll
    group by upn, school_urn, attendance_date, session_name
    having count(*) > 1
),

feed_files as (
    {{ feed_file_numbers() }}
),

repeated_marks as (
    select
        marks_on_roll.*,
        repeated_sessions_on_roll.standing_mark_number,
        repeated_sessions_on_roll.marks_sent
    from marks_on_roll
    inner join repeated_sessions_on_roll
        on
            marks_on_roll.registration_number
            = repeated_sessions_on_roll.registration_number
            and marks_on_roll.attendance_date
            = repeated_sessions_on_roll.attendance_date
            and marks_on_roll.session_name
            = repeated_sessions_on_roll.session_name

    union all

    select
        marks_off_roll.*,
        repeated_sessions_off_roll.standing_mark_number,
        repeated_sessions_off_roll.marks_sent
    from marks_off_roll
    inner join repeated_sessions_off_roll
        on
            marks_off_roll.upn = repeated_sessions_off_roll.upn
            -- A session missing its school, date or AM/PM is still one.
            and marks_off_roll.school_urn
            is not distinct from repeated_sessions_off_roll.school_urn
            and marks_off_roll.attendance_date
            is not distinct from repeated_sessions_off_roll.attendance_date
            and marks_off_roll.session_name
            is not distinct from repeated_sessions_off_roll.session_name
),

-- Each mark with the file and line of its own and of the standing mark.
placed as (
    select
        repeated_marks.session_mark_number,
        marked_files.source_file,
        repeated_marks.session_mark_number - marked_files.file_number
            as source_line,
        repeated_marks.registration_number,
        repeated_marks.upn,
        repeated_marks.school_urn,
        repeated_marks.attendance_date,
        repeated_marks.session_name,
        repeated_marks.attendance_code,
        repeated_marks.standing_mark_number,
        standing_files.source_file as standing_source_file,
        repeated_marks.standing_mark_number - standing_files.file_number
            as standing_source_line,
        standing_marks.attendance_code as standing_attendance_code,
        repeated_marks.marks_sent,
        repeated_marks.session_mark_number
        = repeated_marks.standing_mark_number as is_standing_mark
    from repeated_marks
    inner join repeated_marks as standing_marks
        on
            repeated_marks.standing_mark_number
            = standing_marks.session_mark_number
    inner join feed_files as marked_files
        on
            {{ session_mark_file_number(
                'repeated_marks.session_mark_number'
            ) }} = marked_files.file_number
    inner join feed_files as standing_files
        on
            {{ session_mark_file_number(
                'repeated_marks.standing_mark_number'
            ) }} = standing_files.file_number
)

select * from placed
