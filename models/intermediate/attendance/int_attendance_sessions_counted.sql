-- Possible sessions of each registration and academic year by code, up to
-- the current as-at date (int_reporting_periods_listed): the counts the
-- absence measures are made of, with the column DfE publishes each code's
-- sessions under (attendance_codes seed). The year of the as-at date runs
-- to that date (year to date); every other year from 1 September to 31
-- August.
with

possible_sessions as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
    where is_possible_session
),

current_period as (
    select * from {{ ref('int_reporting_periods_listed') }}
    where period_type = 'current'
),

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

attendance_codes as (
    select * from {{ ref('attendance_codes') }}
),

-- One column a code, though both code sets list most codes.
reason_columns as (
    select distinct
        attendance_code,
        dfe_reason_column
    from attendance_codes
    where dfe_reason_column is not null
),

counted as (
    select
        possible_sessions.registration_number,
        possible_sessions.academic_year_start,
        possible_sessions.attendance_code,
        possible_sessions.attendance_category,
        count(*) as sessions
    from possible_sessions
    inner join current_period
        on possible_sessions.attendance_date <= current_period.as_at_date
    group by
        possible_sessions.registration_number,
        possible_sessions.academic_year_start,
        possible_sessions.attendance_code,
        possible_sessions.attendance_category
),

named as (
    select
        registrations.enrolment_record_id as enrolment_id,
        registrations.child_id,
        registrations.school_urn,
        counted.academic_year_start,
        {{ date_from_parts('counted.academic_year_start', 9, 1) }}
            as period_start_date,
        least(
            {{ date_from_parts('counted.academic_year_start + 1', 8, 31) }},
            current_period.as_at_date
        ) as period_end_date,
        current_period.as_at_date
        < {{ date_from_parts('counted.academic_year_start + 1', 8, 31) }}
            as is_year_to_date,
        counted.attendance_code,
        counted.attendance_category,
        reason_columns.dfe_reason_column,
        counted.sessions
    from counted
    inner join registrations
        on counted.registration_number = registrations.registration_number
    cross join current_period
    left join reason_columns
        on counted.attendance_code = reason_columns.attendance_code
)

select * from named
