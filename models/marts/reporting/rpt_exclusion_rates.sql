-- Permanent exclusions, suspensions and pupils suspended, with rates per 100
-- pupils on roll at the January census, by academic year and education
-- phase, as DfE publishes LA figures (exclusion statistics methodology):
-- state-funded primary, secondary and special schools, and their total.
-- Pupil referral units and other AP are in neither the counts nor the
-- headcount (dim_school.is_counted_in_headcount), as in DfE's LA files.
{%- set rates = {
    'permanent_exclusion_rate': 'permanent_exclusions',
    'suspension_rate': 'suspensions',
    'one_or_more_suspension_rate': 'one_or_more_suspensions',
} %}

with

exclusions as (
    select * from {{ ref('fct_exclusion') }}
    where is_counted
),

census_pupils as (
    select * from {{ ref('int_census_pupils_listed') }}
),

schools as (
    select * from {{ ref('dim_school') }}
    where is_counted_in_headcount
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

-- DfE's names of the phases; each school phase also counts in the total.
education_phases as (
    select
        phases.school_phase,
        phases.education_phase
    from (
        values
        ('primary', 'Primary'),
        ('secondary', 'Secondary'),
        ('special', 'Special'),
        ('primary', 'Total'),
        ('secondary', 'Total'),
        ('special', 'Total')
    ) as phases (school_phase, education_phase)
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

phase_names as (
    select distinct education_phase from education_phases
),

year_phases as (
    select
        academic_years.*,
        phase_names.education_phase
    from academic_years
    cross join phase_names
),

-- An exclusion counts in the phase of the school that excluded.
exclusion_counts as (
    select
        exclusions.academic_year_start,
        education_phases.education_phase,
        count(
            case when exclusions.exclusion_type = 'permanent' then 1 end
        ) as permanent_exclusions,
        count(
            case when exclusions.exclusion_type = 'suspension' then 1 end
        ) as suspensions,
        count(
            distinct case
                when exclusions.exclusion_type = 'suspension'
                    then exclusions.child_id
            end
        ) as one_or_more_suspensions
    from exclusions
    inner join schools
        on exclusions.school_urn = schools.school_urn
    inner join education_phases
        on schools.phase = education_phases.school_phase
    group by exclusions.academic_year_start, education_phases.education_phase
),

-- A pupil counts in the phase of the main registration's school.
headcounts as (
    select
        census_pupils.academic_year_start,
        education_phases.education_phase,
        count(*) as january_headcount
    from census_pupils
    inner join education_phases
        on census_pupils.school_phase = education_phases.school_phase
    group by
        census_pupils.academic_year_start, education_phases.education_phase
),

counted as (
    select
        year_phases.academic_year,
        year_phases.academic_year_start,
        year_phases.education_phase,
        year_phases.january_census_date,
        -- Explicit types for the contract (a count is int64, a sum int128).
        cast(coalesce(exclusion_counts.permanent_exclusions, 0) as bigint)
            as permanent_exclusions,
        cast(coalesce(exclusion_counts.suspensions, 0) as bigint)
            as suspensions,
        cast(coalesce(exclusion_counts.one_or_more_suspensions, 0) as bigint)
            as one_or_more_suspensions,
        -- No headcount until the census day has come.
        cast(
            case
                when
                    year_phases.january_census_date
                    <= current_as_at.as_at_date
                    then coalesce(headcounts.january_headcount, 0)
            end as bigint
        ) as january_headcount
    from year_phases
    cross join current_as_at
    left join exclusion_counts
        on
            year_phases.academic_year_start
            = exclusion_counts.academic_year_start
            and year_phases.education_phase = exclusion_counts.education_phase
    left join headcounts
        on
            year_phases.academic_year_start = headcounts.academic_year_start
            and year_phases.education_phase = headcounts.education_phase
),

rates as (
    select
        counted.academic_year,
        counted.academic_year_start,
        counted.education_phase,
        counted.permanent_exclusions,
        counted.suspensions,
        counted.one_or_more_suspensions,
        counted.january_census_date,
        counted.january_headcount,
        {%- for rate, count in rates.items() %}
        cast(
            100.0 * counted.{{ count }}
            / nullif(counted.january_headcount, 0) as double
        ) as {{ rate }},
        {%- endfor %}
        {{ date_from_parts(
            'counted.academic_year_start + 1', 8, 31
        ) }} <= current_as_at.as_at_date as is_complete_year
    from counted
    cross join current_as_at
)

select * from rates
