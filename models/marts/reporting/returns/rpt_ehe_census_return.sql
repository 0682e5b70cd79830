-- DfE's termly return, EHE on census day: children of compulsory school age
-- resident in the LA and known to be home educated on each census date, in
-- total and by sex, expected year group and primary reason. Raw counts.
with

cases as (
    select * from {{ ref('int_return_cases_described') }}
    where case_type = 'ehe' and is_on_census_day
),

cells as (
    {{ return_cells('cases', 'ehe', {
        'Sex': 'sex',
        'Year group': 'year_group',
        'Primary reason': 'primary_reason',
    }) }}
)

select * from cells
