-- DfE's termly return, CME on census day: children of compulsory school age
-- with a CME case open on each census date, in total and by sex, expected
-- year group, time missing education and primary reason. Raw counts.
with

cases as (
    select * from {{ ref('int_return_cases_described') }}
    where case_type = 'cme' and is_on_census_day
),

cells as (
    {{ return_cells('cases', 'cme', {
        'Sex': 'sex',
        'Year group': 'year_group',
        'Time missing education': 'time_missing_education',
        'Primary reason': 'primary_reason',
    }) }}
)

select * from cells
