-- DfE's termly return, EHE at any point in the year: children home educated
-- on some day from 1 September to each census date while of compulsory
-- school age, each once; of them, those who started home education in that
-- time (by the previous school's type), who returned to school, and on whom
-- a s437(1) notice or a school attendance order was served, or an order
-- revoked, in that time. Raw counts.
{%- set measures = [
    ('EHE at any point', 'true', {}),
    ('Started EHE', 'is_started_in_year',
        {'Previous school type': 'previous_school_type'}),
    ('Returned to school', 'is_returned_to_school_in_year', {}),
    ('s437(1) notices issued', 'has_s437_notice_in_year', {}),
    ('SAOs issued', 'has_sao_issued_in_year', {}),
    ('SAOs revoked', 'has_sao_revoked_in_year', {}),
] %}

with

cases as (
    select * from {{ ref('int_return_cases_described') }}
    where case_type = 'ehe'
),

{%- for measure, condition, topics in measures %}

measure_{{ loop.index }}_cases as (
    select * from cases
    where {{ condition }}
),

measure_{{ loop.index }} as (
    {{ return_cells(
        'measure_' ~ loop.index ~ '_cases', 'ehe', topics, measure=measure
    ) }}
),
{%- endfor %}

cells as (
    {%- for measure in measures %}
    select * from measure_{{ loop.index }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from cells
