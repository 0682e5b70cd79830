-- Permanent exclusions, suspensions and pupils suspended, with rates per 100
-- pupils on roll at the January census, by academic year and education
-- phase, as DfE publishes LA figures (exclusion statistics methodology):
-- state-funded primary, secondary and special schools, and their total.
-- Pupil referral units and other AP are in neither the counts nor the
-- headcount (dim_school.is_counted_in_headcount), as in DfE's LA files.
-- Each count's rate is named for its base: <count>_per_100.
{%- set rated_counts = [
    'permanent_exclusions', 'suspensions', 'one_or_more_suspensions'
] %}

with

headcounts as (
    select * from {{ ref('int_census_headcounts_counted') }}
),

exclusion_counts as (
    select * from {{ ref('int_exclusions_counted') }}
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

current_as_at as (
    select as_at_date
    from periods
    where period_type = 'current'
),

-- The years from the first reported to the current one.
academic_years as (
    select headcounts.*
    from headcounts
    cross join current_as_at
    where
        headcounts.academic_year_start
        >= {{ var('first_reported_academic_year') }}
        and {{ date_from_parts(
            'headcounts.academic_year_start', 9, 1
        ) }} <= current_as_at.as_at_date
),

counted as (
    select
        {{ academic_year_name('academic_years.academic_year_start') }}
            as academic_year,
        academic_years.academic_year_start,
        academic_years.education_phase,
        -- Explicit types for the contract.
        cast(coalesce(exclusion_counts.permanent_exclusions, 0) as bigint)
            as permanent_exclusions,
        cast(coalesce(exclusion_counts.suspensions, 0) as bigint)
            as suspensions,
        cast(coalesce(exclusion_counts.one_or_more_suspensions, 0) as bigint)
            as one_or_more_suspensions,
        academic_years.census_date as january_census_date,
        -- No headcount until the census day has come.
        cast(
            case
                when academic_years.census_date <= current_as_at.as_at_date
                    then academic_years.january_headcount
            end as bigint
        ) as january_headcount,
        {{ date_from_parts(
            'academic_years.academic_year_start + 1', 8, 31
        ) }} <= current_as_at.as_at_date as is_complete_year
    from academic_years
    cross join current_as_at
    left join exclusion_counts
        on
            academic_years.academic_year_start
            = exclusion_counts.academic_year_start
            and academic_years.education_phase
            = exclusion_counts.education_phase
),

rates as (
    select
        academic_year,
        academic_year_start,
        education_phase,
        permanent_exclusions,
        suspensions,
        one_or_more_suspensions,
        january_census_date,
        january_headcount,
        {%- for count in rated_counts %}
        cast(
            {{ float_literal(100) }} * {{ count }}
            / nullif(january_headcount, 0) as double
        ) as {{ count }}_per_100,
        {%- endfor %}
        is_complete_year
    from counted
)

select * from rates
