-- One row per case on the LA's registers: children missing education (CME),
-- elective home education (EHE), reduced timetables (REP) and medical needs,
-- with when it opened and closed, why, and the records behind it.
with

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
)

select * from cases
