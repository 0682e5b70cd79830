-- The LA's attendance by phase (primary, secondary, special and their
-- total) and national curriculum year, per academic year to the current
-- as-at date, in the columns of DfE's published attendance files (explore
-- education statistics, pupil attendance in schools: EES_ytd_data), so the
-- LA's figures and DfE's sit side by side in one query. DfE's cohort:
-- registrations of pupils aged 5 to 15 on the 31 August before the year,
-- with at least one possible session. num_schools and enrolments are daily
-- averages over the period's school days, total_num_schools and
-- total_enrolments distinct counts. DfE's percentages (<stem>_perc) are
-- named for their base, <stem>_per_100; pa_per_100 is the share of
-- total_enrolments persistently absent.
{%- set reason_columns = dfe_attendance_reason_columns() %}
{%- set summed = [
    'school_days_on_roll',
    'possible_sessions',
    'present_sessions',
    'approved_educational_activity_sessions',
    'authorised_absence_sessions',
    'unauthorised_absence_sessions',
] + reason_columns %}

with

enrolment_years as (
    select * from {{ ref('fct_enrolment_attendance') }}
),

local_authorities as (
    select * from {{ ref('la_codes') }}
    where la_code = '{{ var("local_authority_code") }}'
),

calendar_dates as (
    select * from {{ ref('dim_calendar') }}
),

cohort as (
    select *
    from enrolment_years
    where
        is_compulsory_school_age
        and school_phase in ('primary', 'secondary', 'special')
        and possible_sessions > 0
),

-- Each registration counts in four rows: its phase and year group, its
-- phase (all year groups), its year group (all phases), and the total.
breakdowns as (
    select
        breakdown.by_phase,
        breakdown.by_year_group
    from (
        values (true, true), (true, false), (false, true), (false, false)
    ) as breakdown (by_phase, by_year_group)
),

labelled as (
    select
        cohort.*,
        case
            when not breakdowns.by_phase then 'Total'
            when cohort.school_phase = 'primary' then 'Primary'
            when cohort.school_phase = 'secondary' then 'Secondary'
            else 'Special'
        end as education_phase,
        case
            when not breakdowns.by_year_group then 'Total'
            else concat(
                'Year ',
                cast(cohort.national_curriculum_year as {{ dbt.type_string() }})
            )
        end as ncyear
    from cohort
    cross join breakdowns
),

period_school_days as (
    select
        cohort_years.academic_year_start,
        count(*) as school_days
    from (
        select distinct
            academic_year_start,
            period_start_date,
            period_end_date
        from cohort
    ) as cohort_years
    inner join calendar_dates
        on
            calendar_dates.calendar_date
            between cohort_years.period_start_date
            and cohort_years.period_end_date
    where calendar_dates.is_school_day
    group by cohort_years.academic_year_start
),

-- A school counts on the days any pupil of the group was on its roll:
-- the longest-staying registration's days.
school_days_open as (
    select
        academic_year_start,
        education_phase,
        ncyear,
        sum(school_days_on_roll) as school_days_open
    from (
        select
            academic_year_start,
            education_phase,
            ncyear,
            school_urn,
            max(school_days_on_roll) as school_days_on_roll
        from labelled
        group by academic_year_start, education_phase, ncyear, school_urn
    ) as schools
    group by academic_year_start, education_phase, ncyear
),

grouped as (
    select
        academic_year_start,
        education_phase,
        ncyear,
        max(period_end_date) as period_end_date,
        bool_or(is_year_to_date) as is_year_to_date,
        count(distinct school_urn) as total_num_schools,
        count(*) as total_enrolments,
        {%- for column in summed %}
        cast(sum({{ column }}) as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        cast(
            sum(case when is_persistent_absentee then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as enrolments_pa_10_exact,
        cast(
            sum(case when is_severe_absentee then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as enrolments_pa_50_exact
    from labelled
    group by academic_year_start, education_phase, ncyear
),

published as (
    select
        {{ dfe_time_period('grouped.academic_year_start') }} as time_period,
        'Academic year' as time_identifier,
        grouped.period_end_date,
        grouped.is_year_to_date,
        'Local authority' as geographic_level,
        'E92000001' as country_code,
        'England' as country_name,
        local_authorities.region_code,
        local_authorities.region_name,
        local_authorities.gss_code as new_la_code,
        local_authorities.la_name,
        local_authorities.la_code as old_la_code,
        grouped.education_phase,
        grouped.ncyear,
        {{ float_literal(1) }} * school_days_open.school_days_open
        / period_school_days.school_days as num_schools,
        {{ float_literal(1) }} * grouped.school_days_on_roll
        / period_school_days.school_days as enrolments,
        grouped.present_sessions,
        grouped.present_sessions
        + grouped.approved_educational_activity_sessions
            as overall_attendance,
        grouped.approved_educational_activity_sessions
            as approved_educational_activity,
        grouped.authorised_absence_sessions
        + grouped.unauthorised_absence_sessions as overall_absence,
        grouped.authorised_absence_sessions as authorised_absence,
        grouped.unauthorised_absence_sessions as unauthorised_absence,
        grouped.reason_l_present_late_before_registers_closed
        + grouped.reason_u_unauthorised_late_after_registers_closed
            as late_sessions,
        grouped.possible_sessions,
        grouped.reason_present_am,
        grouped.reason_present_pm,
        grouped.reason_present_am + grouped.reason_present_pm
            as reason_present,
        {%- for column in reason_columns[2:] %}
        grouped.{{ column }},
        {%- endfor %}
        grouped.total_num_schools,
        grouped.total_enrolments,
        {{ float_literal(100) }} * (
            grouped.present_sessions
            + grouped.approved_educational_activity_sessions
        ) / grouped.possible_sessions as attendance_per_100,
        {{ float_literal(100) }} * (
            grouped.authorised_absence_sessions
            + grouped.unauthorised_absence_sessions
        ) / grouped.possible_sessions as overall_absence_per_100,
        {{ float_literal(100) }} * grouped.authorised_absence_sessions
        / grouped.possible_sessions as authorised_absence_per_100,
        {{ float_literal(100) }} * grouped.unauthorised_absence_sessions
        / grouped.possible_sessions as unauthorised_absence_per_100,
        {%- for rate, column in dfe_attendance_reason_rates().items() %}
        {{ float_literal(100) }} * grouped.{{ column }}
        / grouped.possible_sessions as {{ rate }},
        {%- endfor %}
        {{ float_literal(100) }} * grouped.enrolments_pa_10_exact
        / grouped.total_enrolments as pa_per_100,
        grouped.enrolments_pa_10_exact,
        grouped.enrolments_pa_50_exact,
        {{ float_literal(100) }} * grouped.enrolments_pa_50_exact
        / grouped.total_enrolments as enrolments_pa_50_exact_per_100
    from grouped
    cross join local_authorities
    inner join period_school_days
        on grouped.academic_year_start = period_school_days.academic_year_start
    inner join school_days_open
        on
            grouped.academic_year_start = school_days_open.academic_year_start
            and grouped.education_phase = school_days_open.education_phase
            and grouped.ncyear = school_days_open.ncyear
)

select * from published
