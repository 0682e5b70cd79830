-- Attendance and absence of each child in each academic year, all their
-- registrations together (fct_enrolment_attendance), up to the current
-- as-at date: the child's own possible sessions decide whether they are a
-- persistent (var persistent_absence_percent, 10 %) or severe (var
-- severe_absence_percent, 50 %) absentee, as DfE decides it per enrolment.
with

enrolment_years as (
    select * from {{ ref('fct_enrolment_attendance') }}
),

summed as (
    select
        child_id,
        academic_year_start,
        academic_year,
        max(period_end_date) as period_end_date,
        bool_or(is_year_to_date) as is_year_to_date,
        max(national_curriculum_year) as national_curriculum_year,
        bool_or(is_compulsory_school_age) as is_compulsory_school_age,
        {%- for column in [
            'possible_sessions',
            'present_sessions',
            'late_sessions',
            'approved_educational_activity_sessions',
            'authorised_absence_sessions',
            'illness_sessions',
            'unauthorised_absence_sessions',
            'overall_absence_sessions',
        ] %}
        cast(sum({{ column }}) as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        count(*) as registrations
    from enrolment_years
    group by child_id, academic_year_start, academic_year
),

measured as (
    select
        {{ dbt.concat([
            'child_id', "'|'",
            'cast(academic_year_start as ' ~ dbt.type_string() ~ ')'
        ]) }} as child_attendance_id,
        *,
        {{ float_literal(100) }} * overall_absence_sessions / possible_sessions
            as overall_absence_percent,
        {{ absence_at_least(
            'overall_absence_sessions',
            'possible_sessions',
            var('persistent_absence_percent')
        ) }} as is_persistent_absentee,
        {{ absence_at_least(
            'overall_absence_sessions',
            'possible_sessions',
            var('severe_absence_percent')
        ) }} as is_severe_absentee
    from summed
)

select * from measured
