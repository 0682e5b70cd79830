-- The LA's total row of each academic year of rpt_exclusion_rates (state-
-- funded primary, secondary and special schools), for the readers that take
-- one row a year: the committee's exclusion history and its report checks.
with

exclusion_rates as (
    select * from {{ ref('rpt_exclusion_rates') }}
    where education_phase = 'Total'
),

history as (
    select
        academic_year,
        academic_year_start,
        permanent_exclusions,
        suspensions,
        january_census_date,
        january_headcount,
        permanent_exclusions_per_100,
        suspensions_per_100,
        is_complete_year
    from exclusion_rates
)

select * from history
