-- The children missing out on education (CMOE) at each of its as-at dates
-- (every year end, the current date and each of the 52 weeks before it:
-- int_cmoe_as_at_dates_listed), one row per child and
-- reason, with the day the reason began (the committee report's local
-- definition, section 2): out of provision for var cmoe_min_school_days
-- school days (int_cmoe_gap_reasons_listed); home education unsuitable or
-- not assessed, a reduced timetable overdue, part-time AP or EOTAS, a CME
-- case unresolved (int_cmoe_case_reasons_listed); 10 days of unexplained
-- absence not referred (int_cmoe_attendance_reasons_listed). Only children
-- of compulsory school age on the date count. A child can have several
-- reasons.
with

gap_reasons as (
    select * from {{ ref('int_cmoe_gap_reasons_listed') }}
),

case_reasons as (
    select * from {{ ref('int_cmoe_case_reasons_listed') }}
),

attendance_reasons as (
    select * from {{ ref('int_cmoe_attendance_reasons_listed') }}
),

children as (
    select * from {{ ref('dim_child') }}
),

reasons as (
    select * from gap_reasons
    union all
    select * from case_reasons
    union all
    select * from attendance_reasons
),

-- One row per child, reason and date (the earliest start where a reason
-- holds twice, as for two open REPs).
cohort as (
    select
        reasons.period_label,
        reasons.period_type,
        reasons.as_at_date,
        reasons.child_id,
        reasons.cmoe_reason,
        min(reasons.reason_start_date) as reason_start_date,
        cast(max(reasons.school_days) as integer) as school_days
    from reasons
    inner join children
        on reasons.child_id = children.child_id
    where
        {{ of_compulsory_school_age_on('reasons.as_at_date') }}
    group by
        reasons.period_label,
        reasons.period_type,
        reasons.as_at_date,
        reasons.child_id,
        reasons.cmoe_reason
),

identified as (
    select
        concat_ws(
            '|', period_label, child_id, cmoe_reason
        ) as cmoe_cohort_member_id,
        *
    from cohort
)

select * from identified
