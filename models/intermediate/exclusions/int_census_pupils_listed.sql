-- Pupils on roll on each January (spring) census day, the headcount behind
-- exclusion rates (DfE exclusion statistics methodology): a pupil's sole or
-- main registration open that day (dates inclusive) at a school counted in
-- the headcount (dim_school), so a dual-registered pupil counts once, at the
-- main school. A pupil leaving one school and joining another on the day
-- counts once, at the school joined.
with

enrolments as (
    select * from {{ ref('fct_enrolment') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

census_dates as (
    select * from {{ ref('census_dates') }}
    where census_term = 'spring'
),

on_roll as (
    select
        cast(substr(census_dates.academic_year, 1, 4) as integer)
            as academic_year_start,
        census_dates.census_date,
        enrolments.child_id,
        enrolments.enrolment_id,
        enrolments.school_urn,
        schools.phase as school_phase,
        enrolments.entry_date
    from census_dates
    inner join enrolments
        on {{ is_open_on(
            'enrolments.entry_date',
            'enrolments.leaving_date',
            'census_dates.census_date'
        ) }}
    inner join schools
        on enrolments.school_urn = schools.school_urn
    where
        enrolments.is_main_registration
        and schools.is_counted_in_headcount
),

pupils as (
    select
        academic_year_start,
        census_date,
        child_id,
        enrolment_id,
        school_urn,
        school_phase
    from on_roll
    qualify row_number() over (
        partition by academic_year_start, child_id
        order by entry_date desc, enrolment_id desc
    ) = 1
)

select * from pupils
