-- DfE's termly return, CME at any point in the year: children with a CME case
-- open on some day from 1 September to each census date while of compulsory
-- school age, each once, in total and by sex, expected year group and
-- primary reason (of the case that started last). Raw counts.
with

cases as (
    select * from {{ ref('int_return_cases_described') }}
    where case_type = 'cme'
),

cells as (
    {{ return_cells('cases', 'cme', {
        'Sex': 'sex',
        'Year group': 'year_group',
        'Primary reason': 'primary_reason',
    }, measure='CME at any point') }}
)

select * from cells
