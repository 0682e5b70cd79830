-- The episode checks' issues in one list for fct_dq_issue: cases a child has
-- open at once, spells of one kind open at once, and rows that give an
-- episode another row gives.
with

overlapping as (
    select * from {{ ref('int_dq_overlapping_episodes') }}
),

overlapping_spells as (
    select * from {{ ref('int_dq_overlapping_spells') }}
),

duplicates as (
    select * from {{ ref('int_dq_duplicate_episodes') }}
),

issues as (
    select * from overlapping
    union all
    select * from overlapping_spells
    union all
    select * from duplicates
)

select * from issues
