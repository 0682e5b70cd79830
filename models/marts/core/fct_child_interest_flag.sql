-- Children of interest (committee report 4.2) on each as-at date of the
-- reports: one row per period, child of compulsory school age on the date
-- (dim_child) and flag, naming the first record behind the flag (in id
-- order) and how many there are. Flags: permanently_excluded,
-- high_suspensions, no_school_place, reported_cme, medically_unfit, on_rep,
-- ehe_unsatisfactory, social_worker (one int_interest_* model each).
with

permanent_exclusions as (
    select * from {{ ref('int_interest_permanent_exclusions_listed') }}
),

suspensions as (
    select * from {{ ref('int_interest_suspensions_counted') }}
),

provision_gaps as (
    select * from {{ ref('int_interest_provision_gaps_listed') }}
),

cases as (
    select * from {{ ref('int_interest_cases_listed') }}
),

social_care as (
    select * from {{ ref('int_interest_social_care_listed') }}
),

children as (
    select * from {{ ref('dim_child') }}
),

-- One row per record behind a flag; a child's suspensions are one row that
-- carries their count.
flag_records as (
    select
        *,
        1 as record_count
    from permanent_exclusions
    union all
    select
        period_label,
        as_at_date,
        child_id,
        interest_flag,
        source_id,
        suspension_count as record_count
    from suspensions
    union all
    select
        *,
        1 as record_count
    from provision_gaps
    union all
    select
        *,
        1 as record_count
    from cases
    union all
    select
        *,
        1 as record_count
    from social_care
),

flagged as (
    select
        flag_records.period_label,
        flag_records.as_at_date,
        flag_records.child_id,
        flag_records.interest_flag,
        min(flag_records.source_id) as source_id,
        cast(sum(flag_records.record_count) as integer) as record_count
    from flag_records
    inner join children
        on flag_records.child_id = children.child_id
    where
        {{ of_compulsory_school_age_on('flag_records.as_at_date') }}
    group by
        flag_records.period_label,
        flag_records.as_at_date,
        flag_records.child_id,
        flag_records.interest_flag
),

identified as (
    select
        concat_ws(
            '|', period_label, child_id, interest_flag
        ) as child_interest_flag_id,
        *
    from flagged
)

select * from identified
