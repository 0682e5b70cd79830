-- Children of interest (committee report 4.2): a high rate of suspension.
-- Suspensions not rescinded in the academic year to each as-at date
-- (int_interest_exclusions_in_year_listed), counted per child: at least var
-- high_suspension_count of them, or var high_suspension_days days (two
-- sessions a day; a lunchtime suspension is one session, half a day: DfE
-- suspension and permanent exclusion guidance). Names the first in id order.
with

exclusions as (
    select * from {{ ref('int_interest_exclusions_in_year_listed') }}
    where exclusion_type in ('suspension', 'lunchtime')
),

counted as (
    select
        period_label,
        as_at_date,
        child_id,
        min(exclusion_id) as source_id,
        count(*) as suspension_count,
        sum(coalesce(sessions, 0)) / 2.0 as suspension_days
    from exclusions
    group by period_label, as_at_date, child_id
),

flags as (
    select
        period_label,
        as_at_date,
        child_id,
        'high_suspensions' as interest_flag,
        source_id,
        suspension_count,
        suspension_days
    from counted
    where
        suspension_count >= {{ var('high_suspension_count') }}
        or suspension_days >= {{ var('high_suspension_days') }}
)

select * from flags
