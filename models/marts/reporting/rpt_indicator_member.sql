-- The children behind each indicator value, for audit and drill-down, as
-- published: one row per indicator, period and child counted. The committee
-- report's four rows from their open cases (int_indicator_members_selected);
-- the CMOE row from the CMOE cohort's no_provision reason (rpt_cmoe_cohort);
-- each children-of-interest row from its flag (fct_child_interest_flag).
with

case_members as (
    select * from {{ ref('int_indicator_members_selected') }}
),

-- The indicator table's periods only, not the sub-groups' weekly dates.
out_of_provision as (
    select * from {{ ref('rpt_cmoe_cohort') }}
    where cmoe_reason = 'no_provision' and period_type <> 'weekly'
),

interest_flags as (
    select * from {{ ref('fct_child_interest_flag') }}
),

members as (
    select
        indicator_code,
        period_label,
        as_at_date,
        child_id,
        case_id,
        case_id as source_id,
        open_case_count
    from case_members

    union all

    select
        'cmoe_no_provision' as indicator_code,
        period_label,
        as_at_date,
        child_id,
        cast(null as {{ dbt.type_string() }}) as case_id,
        cmoe_cohort_member_id as source_id,
        cast(null as {{ dbt.type_bigint() }}) as open_case_count
    from out_of_provision

    union all

    select
        interest_flag as indicator_code,
        period_label,
        as_at_date,
        child_id,
        cast(null as {{ dbt.type_string() }}) as case_id,
        source_id,
        cast(null as {{ dbt.type_bigint() }}) as open_case_count
    from interest_flags
)

select * from members
