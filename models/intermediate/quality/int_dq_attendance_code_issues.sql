-- Attendance marks on no code list, and codes used on a date outside the
-- dates they were valid (a 2024 code such as K or C2 before 19 August 2024;
-- H, J or Y after). Source: the attendance_codes seed (both code sets with
-- their validity dates: the 2006 and 2024 Pupil Registration Regulations).
with

session_marks as (
    select * from {{ ref('stg_attendance__session_marks') }}
),

attendance_codes as (
    select * from {{ ref('attendance_codes') }}
),

-- The feed has tens of millions of marks but few distinct code and date
-- pairs: check the pairs, then find the marks of the pairs that fail.
code_days as (
    select distinct
        attendance_code,
        attendance_date
    from session_marks
    where attendance_code is not null
),

code_validity as (
    select
        code_days.attendance_code,
        code_days.attendance_date,
        max(case when listed.attendance_code is not null then 1 else 0 end)
            as is_listed,
        max(
            case
                when {{ is_open_on(
                    'listed.valid_from',
                    'listed.valid_to',
                    'code_days.attendance_date'
                ) }} then 1
                else 0
            end
        ) as is_valid
    from code_days
    left join attendance_codes as listed
        on code_days.attendance_code = listed.attendance_code
    group by code_days.attendance_code, code_days.attendance_date
),

failing_code_days as (
    select
        attendance_code,
        attendance_date,
        case
            when is_listed = 1 then 'code_outside_validity'
            else 'unknown_attendance_code'
        end as rule_code
    from code_validity
    where is_valid = 0
),

marks_failing as (
    select
        {{ record_id(
            'session_marks.source_file', 'session_marks.source_line'
        ) }} as record_id,
        'session_marks' as source_table,
        session_marks.source_file,
        session_marks.source_line,
        failing_code_days.rule_code,
        'mark' as column_name,
        concat(
            session_marks.attendance_code, ' on ',
            cast(session_marks.attendance_date as varchar)
        ) as value
    from session_marks
    inner join failing_code_days
        on
            session_marks.attendance_code = failing_code_days.attendance_code
            and session_marks.attendance_date
            = failing_code_days.attendance_date
)

select * from marks_failing
