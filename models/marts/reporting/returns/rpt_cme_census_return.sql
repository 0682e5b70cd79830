-- DfE's termly return, CME on census day: children of compulsory school age
-- with a CME case open on each census date, in total and by sex, expected
-- year group, time missing education and primary reason. Raw counts.
with

cases as (
    select * from {{ ref('int_return_cases_described') }}
    where case_type = 'cme' and is_on_census_day
),

census_dates as (
    select * from {{ ref('int_census_dates_listed') }}
),

breakdowns as (
    select * from {{ ref('int_return_breakdowns_listed') }}
    where case_type = 'cme'
),

cells as (
    {{ return_cells('cases', 'census_dates', 'breakdowns', {
        'Sex': 'sex',
        'Year group': 'year_group',
        'Time missing education': 'time_missing_education',
        'Primary reason': 'primary_reason',
    }) }}
)

select * from cells
