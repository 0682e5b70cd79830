-- The census dates of DfE's termly EHE and CME return (census_dates seed) up
-- to the current as-at date, each with the 1 September its academic year
-- began: the full-year tables count from that day to the census date.
with

census_dates as (
    select * from {{ ref('census_dates') }}
),

current_period as (
    select * from {{ ref('int_reporting_periods_listed') }}
    where period_type = 'current'
),

listed as (
    select
        census_dates.academic_year,
        census_dates.census_term,
        census_dates.census_date,
        {{ date_from_parts(
            academic_year_start('census_dates.census_date'), 9, 1
        ) }} as year_start_date
    from census_dates
    inner join current_period
        on census_dates.census_date <= current_period.as_at_date
)

select * from listed
