-- The exclusions behind two children-of-interest flags (committee report
-- 4.2): on each as-at date of the reports, every exclusion not rescinded
-- (fct_exclusion) that began in the date's academic year, from 1 September
-- to the date. The academic year, not DfE's statistical year: on a 31
-- August as-at date the statistical year has begun again and the year's
-- exclusions would drop out.
with

exclusions as (
    select * from {{ ref('fct_exclusion') }}
    where not is_rescinded
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

in_year as (
    select
        periods.period_label,
        periods.as_at_date,
        exclusions.exclusion_id,
        exclusions.child_id,
        exclusions.exclusion_type,
        exclusions.start_date,
        exclusions.sessions
    from exclusions
    inner join periods
        on
            exclusions.start_date <= periods.as_at_date
            and exclusions.start_date >= {{ date_from_parts(
                academic_year_start('periods.as_at_date'), 9, 1
            ) }}
)

select * from in_year
