-- DfE's statistical year and census terms (pupil absence methodology, table
-- 6): autumn 1 August - 31 December, spring 1 January - Easter Sunday,
-- summer Easter Monday - 31 July, so a date in August is in the new year's
-- autumn term while its academic year (age, national curriculum year) is
-- still the old one. Easter Sunday 2023 was 9 April.
with

expected (
    calendar_date, academic_year, statistical_year, census_term, note
) as (
    values
    ('2022-07-31', '2021/22', '2021/22', 'summer', 'last day of the year'),
    ('2022-08-01', '2021/22', '2022/23', 'autumn', 'an August date'),
    ('2022-08-31', '2021/22', '2022/23', 'autumn', 'last day of August'),
    ('2022-09-01', '2022/23', '2022/23', 'autumn', 'the academic year'),
    ('2022-12-31', '2022/23', '2022/23', 'autumn', 'end of autumn'),
    ('2023-01-01', '2022/23', '2022/23', 'spring', 'start of spring'),
    ('2023-04-09', '2022/23', '2022/23', 'spring', 'Easter Sunday'),
    ('2023-04-10', '2022/23', '2022/23', 'summer', 'Easter Monday')
),

calendar_dates as (
    select * from {{ ref('dim_calendar') }}
),

failures as (
    select
        expected.*,
        calendar_dates.academic_year as actual_academic_year,
        calendar_dates.statistical_year as actual_statistical_year,
        calendar_dates.census_term as actual_census_term
    from expected
    left join calendar_dates
        on cast(expected.calendar_date as date) = calendar_dates.calendar_date
    where
        calendar_dates.academic_year is distinct from expected.academic_year
        or calendar_dates.statistical_year
        is distinct from expected.statistical_year
        or calendar_dates.census_term is distinct from expected.census_term
)

select * from failures
