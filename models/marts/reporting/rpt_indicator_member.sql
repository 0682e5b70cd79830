-- The children behind each indicator value, for audit, as published: one row
-- per indicator, period and child counted (see int_indicator_members_selected).
with

members as (
    select * from {{ ref('int_indicator_members_selected') }}
),

published as (
    select
        indicator_code,
        period_label,
        as_at_date,
        child_id,
        case_id,
        open_case_count
    from members
)

select * from published
