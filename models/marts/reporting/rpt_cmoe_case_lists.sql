-- The CMOE sub-groups' lists the warehouse holds: one row per as-at date of
-- the cohort (int_cmoe_as_at_dates_listed) and priority (cmoe_priorities
-- seed), whether or not any child is on it, so that a reader knows which
-- dates were built and shows all five priorities, empty ones included.
with

as_at_dates as (
    select * from {{ ref('int_cmoe_as_at_dates_listed') }}
),

priorities as (
    select * from {{ ref('cmoe_priorities') }}
),

lists as (
    select
        concat_ws(
            '|', as_at_dates.period_label, priorities.priority_code
        ) as case_list_id,
        as_at_dates.period_label,
        as_at_dates.period_type,
        as_at_dates.as_at_date,
        priorities.priority_code,
        priorities.priority_name,
        priorities.priority_short_name,
        priorities.display_order as priority_order
    from as_at_dates
    cross join priorities
)

select * from lists
