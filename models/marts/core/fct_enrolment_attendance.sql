-- Attendance and absence of each registration in each academic year, up to
-- the current as-at date, by DfE's definitions (pupil absence in schools in
-- England, methodology), with the sessions of each code in the columns DfE
-- publishes them under: possible sessions = present (with L) + approved
-- educational activity + authorised absence + unauthorised absence; a
-- persistent absentee misses var persistent_absence_percent (10) % or more
-- of the registration's own possible sessions, a severe absentee var
-- severe_absence_percent (50) %. DfE's headline cohort is pupils aged 5 to
-- 15 on the 31 August before the year (national curriculum years 1 to 11).
with

code_sessions as (
    select * from {{ ref('int_attendance_sessions_counted') }}
),

enrolments as (
    select * from {{ ref('fct_enrolment') }}
),

children as (
    select * from {{ ref('dim_child') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

calendar_dates as (
    select * from {{ ref('dim_calendar') }}
),

sessions as (
    select
        code_sessions.enrolment_id,
        code_sessions.child_id,
        code_sessions.school_urn,
        code_sessions.academic_year_start,
        code_sessions.period_start_date,
        code_sessions.period_end_date,
        code_sessions.is_year_to_date,
        {%- for category in [
            'present',
            'approved_educational_activity',
            'authorised_absence',
            'unauthorised_absence',
        ] %}
        cast(
            sum(
                case
                    when code_sessions.attendance_category = '{{ category }}'
                        then code_sessions.sessions
                end
            )
            as {{ dbt.type_bigint() }}
        ) as {{ category }}_sessions,
        {%- endfor %}
        {%- for column in dfe_attendance_reason_columns() %}
        cast(
            sum(
                case
                    when code_sessions.dfe_reason_column = '{{ column }}'
                        then code_sessions.sessions
                end
            )
            as {{ dbt.type_bigint() }}
        ) as {{ column }},
        {%- endfor %}
        cast(sum(code_sessions.sessions) as {{ dbt.type_bigint() }})
            as possible_sessions
    from code_sessions
    group by
        code_sessions.enrolment_id,
        code_sessions.child_id,
        code_sessions.school_urn,
        code_sessions.academic_year_start,
        code_sessions.period_start_date,
        code_sessions.period_end_date,
        code_sessions.is_year_to_date
),

described as (
    select
        sessions.enrolment_id,
        sessions.child_id,
        sessions.school_urn,
        schools.phase as school_phase,
        sessions.academic_year_start,
        {{ academic_year_name('sessions.academic_year_start') }}
            as academic_year,
        sessions.period_start_date,
        sessions.period_end_date,
        sessions.is_year_to_date,
        {{ national_curriculum_year(
            'children.date_of_birth', 'sessions.academic_year_start'
        ) }} as national_curriculum_year,
        sessions.possible_sessions,
        coalesce(sessions.present_sessions, 0) as present_sessions,
        coalesce(
            sessions.reason_l_present_late_before_registers_closed, 0
        ) as late_sessions,
        coalesce(sessions.approved_educational_activity_sessions, 0)
            as approved_educational_activity_sessions,
        coalesce(sessions.authorised_absence_sessions, 0)
            as authorised_absence_sessions,
        coalesce(sessions.reason_i_authorised_illness, 0) as illness_sessions,
        coalesce(sessions.unauthorised_absence_sessions, 0)
            as unauthorised_absence_sessions,
        {%- for column in dfe_attendance_reason_columns() %}
        coalesce(sessions.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        -- School days on roll in the period: DfE's daily enrolment count.
        roll_end.school_day_index - roll_start.school_day_index
        + case when roll_start.is_school_day then 1 else 0 end
            as school_days_on_roll
    from sessions
    inner join enrolments
        on sessions.enrolment_id = enrolments.enrolment_id
    left join children
        on sessions.child_id = children.child_id
    left join schools
        on sessions.school_urn = schools.school_urn
    left join calendar_dates as roll_start
        on
            roll_start.calendar_date
            = greatest(enrolments.entry_date, sessions.period_start_date)
    left join calendar_dates as roll_end
        on
            roll_end.calendar_date = least(
                coalesce(enrolments.leaving_date, sessions.period_end_date),
                sessions.period_end_date
            )
),

measured as (
    select
        {{ dbt.concat([
            'enrolment_id', "'|'",
            'cast(academic_year_start as ' ~ dbt.type_string() ~ ')'
        ]) }} as enrolment_attendance_id,
        *,
        national_curriculum_year between 1 and 11
            as is_compulsory_school_age,
        authorised_absence_sessions + unauthorised_absence_sessions
            as overall_absence_sessions,
        {{ float_literal(100) }}
        * (authorised_absence_sessions + unauthorised_absence_sessions)
        / possible_sessions as overall_absence_percent,
        {{ absence_at_least(
            'authorised_absence_sessions + unauthorised_absence_sessions',
            'possible_sessions',
            var('persistent_absence_percent')
        ) }} as is_persistent_absentee,
        {{ absence_at_least(
            'authorised_absence_sessions + unauthorised_absence_sessions',
            'possible_sessions',
            var('severe_absence_percent')
        ) }} as is_severe_absentee
    from described
)

select * from measured
