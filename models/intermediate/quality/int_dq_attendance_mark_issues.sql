-- Attendance marks at fault, one row per landed mark and rule:
-- - a code on no list, or used outside its dates (a 2024 code such as K or
--   C2 before 19 August 2024; H, J or Y after), as the session's mark is
--   read (int_attendance_sessions_resolved);
-- - a session marked more than once: the latest mark is used and each other
--   one held back, named with the mark and line that replaced it
--   (int_session_marks_repeated);
-- - a mark on a day that is not a school day (an INSET day takes only marks
--   that are no session, such as #), or that no registration at the school
--   covers: kept, counted in no measure.
with

-- Each rule reads the sessions it needs, not one CTE read three times:
-- DuckDB would copy a CTE read twice (every session: gigabytes at three
-- times the LA).
replaced_marks as (
    select * from {{ ref('int_session_marks_repeated') }}
    where not is_standing_mark
),

sessions_with_code_out_of_force as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
    where attendance_code is not null and not is_code_in_force
),

sessions_on_non_school_days as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
    where
        not is_school_day
        and not (is_inset_day and not counts_as_possible)
),

sessions_off_roll as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
    where not is_on_roll
),

-- The marks of a repeated session other than the one that stands.
replaced as (
    select
        source_file,
        source_line,
        concat(
            coalesce(attendance_code, 'no mark'), ' for ',
            cast(attendance_date as {{ dbt.type_string() }}), ' ',
            session_name,
            ', replaced by ', coalesce(standing_attendance_code, 'no mark'),
            ' on line ', cast(standing_source_line as {{ dbt.type_string() }})
        ) as value
    from replaced_marks
),

failing as (
    select
        source_file,
        source_line,
        case
            when is_code_listed then 'code_outside_validity'
            else 'unknown_attendance_code'
        end as rule_code,
        'mark' as column_name,
        concat(
            attendance_code, ' on ',
            cast(attendance_date as {{ dbt.type_string() }})
        ) as value
    from sessions_with_code_out_of_force

    union all

    select
        source_file,
        source_line,
        'repeated_session_mark' as rule_code,
        'mark' as column_name,
        value
    from replaced

    union all

    select
        source_file,
        source_line,
        'mark_on_non_school_day' as rule_code,
        'attendance_date' as column_name,
        concat(
            attendance_code, ' on ',
            cast(attendance_date as {{ dbt.type_string() }})
        ) as value
    from sessions_on_non_school_days

    union all

    select
        source_file,
        source_line,
        'mark_not_on_roll' as rule_code,
        'pupil_upn' as column_name,
        concat(
            coalesce(upn, 'no UPN'), ' at ', school_urn, ' on ',
            cast(attendance_date as {{ dbt.type_string() }})
        ) as value
    from sessions_off_roll
),

issues as (
    select
        {{ record_id() }} as record_id,
        'session_marks' as source_table,
        source_file,
        source_line,
        rule_code,
        column_name,
        value
    from failing
)

select * from issues
