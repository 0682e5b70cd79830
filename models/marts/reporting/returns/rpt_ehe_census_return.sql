-- DfE's termly return, EHE on census day: children of compulsory school age
-- resident in the LA and known to be home educated on each census date, in
-- total and by sex, expected year group and primary reason. Raw counts.
with

cases as (
    select * from {{ ref('int_return_cases_described') }}
    where case_type = 'ehe' and is_on_census_day
),

census_dates as (
    select * from {{ ref('int_census_dates_listed') }}
),

breakdowns as (
    select * from {{ ref('int_return_breakdowns_listed') }}
    where case_type = 'ehe'
),

cells as (
    {{ return_cells('cases', 'census_dates', 'breakdowns', {
        'Sex': 'sex',
        'Year group': 'year_group',
        'Primary reason': 'primary_reason',
    }) }}
)

select * from cells
