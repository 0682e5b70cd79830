-- The headcount behind exclusion rates (DfE exclusion statistics
-- methodology): pupils on roll on each January (spring) census day at the
-- schools counted (dim_school), each once, at the sole or main registration
-- open that day (dates inclusive). A dual-registered pupil counts at the
-- main school; one leaving a school and joining another that day, at the
-- school joined. Each pupil counts in the school's phase and in the total.
with

enrolments as (
    select * from {{ ref('fct_enrolment') }}
    where is_main_registration
),

schools as (
    select * from {{ ref('dim_school') }}
    where is_counted_in_headcount
),

census_dates as (
    select * from {{ ref('census_dates') }}
    where census_term = 'spring'
),

censuses as (
    select
        cast(substr(academic_year, 1, 4) as integer) as academic_year_start,
        census_date
    from census_dates
),

pupils as (
    select
        censuses.academic_year_start,
        enrolments.child_id,
        schools.education_phase
    from censuses
    inner join enrolments
        on {{ is_open_on(
            'enrolments.entry_date',
            'enrolments.leaving_date',
            'censuses.census_date'
        ) }}
    inner join schools
        on enrolments.school_urn = schools.school_urn
    qualify row_number() over (
        partition by censuses.academic_year_start, enrolments.child_id
        order by enrolments.entry_date desc, enrolments.enrolment_id desc
    ) = 1
),

pupil_phases as (
    select
        academic_year_start,
        child_id,
        {{ unnest_values(['education_phase', "'Total'"]) }} as education_phase
    from pupils
),

headcounts as (
    select
        academic_year_start,
        education_phase,
        count(*) as january_headcount
    from pupil_phases
    group by academic_year_start, education_phase
),

phases as (
    select distinct education_phase from schools
    union all
    select 'Total' as education_phase
),

-- Every phase on every census day, none on roll a headcount of 0.
counted as (
    select
        censuses.academic_year_start,
        censuses.census_date,
        phases.education_phase,
        coalesce(headcounts.january_headcount, 0) as january_headcount
    from censuses
    cross join phases
    left join headcounts
        on
            censuses.academic_year_start = headcounts.academic_year_start
            and phases.education_phase = headcounts.education_phase
)

select * from counted
