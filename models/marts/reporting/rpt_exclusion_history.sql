-- Exclusions by academic year (of the exclusion's start) with rates per 100
-- pupils on roll at the January census (state-funded primary, secondary and
-- special schools). Rescinded exclusions and lunchtime exclusions are not
-- counted. Source: DfE exclusion statistics methodology.
with

exclusions as (
    select * from {{ ref('fct_exclusion') }}
),

enrolments as (
    select * from {{ ref('fct_enrolment') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

census_dates as (
    select * from {{ ref('census_dates') }}
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

current_as_at as (
    select as_at_date
    from periods
    where period_type = 'current'
),

academic_years as (
    select
        cast(substr(census_dates.academic_year, 1, 4) as integer)
            as academic_year_start,
        census_dates.academic_year,
        census_dates.census_date as january_census_date
    from census_dates
    cross join current_as_at
    where
        census_dates.census_term = 'spring'
        and cast(substr(census_dates.academic_year, 1, 4) as integer)
        >= {{ var('first_reported_academic_year') }}
        and {{ date_from_parts(
            'cast(substr(census_dates.academic_year, 1, 4) as integer)', 9, 1
        ) }} <= current_as_at.as_at_date
),

exclusion_counts as (
    select
        academic_year_start,
        sum(case when exclusion_type = 'permanent' then 1 else 0 end)
            as permanent_exclusions,
        sum(case when exclusion_type = 'suspension' then 1 else 0 end)
            as suspensions
    from exclusions
    where is_counted
    group by academic_year_start
),

headcounts as (
    select
        academic_years.academic_year_start,
        count(*) as january_headcount
    from academic_years
    cross join current_as_at
    inner join enrolments
        on {{ is_open_on(
            'enrolments.entry_date',
            'enrolments.leaving_date',
            'academic_years.january_census_date'
        ) }}
    inner join schools
        on enrolments.school_urn = schools.school_urn
    where
        enrolments.is_main_registration
        and schools.is_counted_in_headcount
        and academic_years.january_census_date <= current_as_at.as_at_date
    group by academic_years.academic_year_start
),

history as (
    select
        academic_years.academic_year,
        academic_years.academic_year_start,
        -- Explicit types for the contract (a sum is int128 in DuckDB).
        cast(coalesce(exclusion_counts.permanent_exclusions, 0) as bigint)
            as permanent_exclusions,
        cast(coalesce(exclusion_counts.suspensions, 0) as bigint)
            as suspensions,
        academic_years.january_census_date,
        cast(headcounts.january_headcount as bigint) as january_headcount,
        cast(
            100.0 * coalesce(exclusion_counts.permanent_exclusions, 0)
            / headcounts.january_headcount as double
        ) as permanent_exclusion_rate,
        cast(
            100.0 * coalesce(exclusion_counts.suspensions, 0)
            / headcounts.january_headcount as double
        ) as suspension_rate,
        {{ date_from_parts(
            'academic_years.academic_year_start + 1', 8, 31
        ) }} <= current_as_at.as_at_date as is_complete_year
    from academic_years
    cross join current_as_at
    left join exclusion_counts
        on
            academic_years.academic_year_start
            = exclusion_counts.academic_year_start
    left join headcounts
        on academic_years.academic_year_start = headcounts.academic_year_start
)

select * from history
