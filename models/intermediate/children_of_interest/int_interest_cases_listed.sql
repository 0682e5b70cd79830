-- Children of interest (committee report 4.2) from the LA's case registers,
-- on each as-at date of the reports: reported as CME, medically unfit for
-- school (section 19), on a reduced timetable (REP): a case of the kind open
-- on the date (dates inclusive); in home education judged unsatisfactory:
-- the CMOE cohort's ehe_unsuitable reason (int_cmoe_case_reasons_listed:
-- open and judged unsuitable at an assessment on or before the date).
with

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
    where case_type in ('cme', 'medical', 'rep')
),

-- The indicator table's periods only, not the sub-groups' weekly dates.
unsuitable_home_education as (
    select * from {{ ref('int_cmoe_case_reasons_listed') }}
    where cmoe_reason = 'ehe_unsuitable' and period_type <> 'weekly'
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

open_cases as (
    select
        periods.period_label,
        periods.as_at_date,
        cases.child_id,
        case cases.case_type
            when 'cme' then 'reported_cme'
            when 'medical' then 'medically_unfit'
            else 'on_rep'
        end as interest_flag,
        cases.case_id as source_id
    from cases
    inner join periods
        on {{ is_open_on(
            'cases.opened_date', 'cases.closed_date', 'periods.as_at_date'
        ) }}
),

flags as (
    select * from open_cases

    union all

    select
        period_label,
        as_at_date,
        child_id,
        'ehe_unsatisfactory' as interest_flag,
        source_id
    from unsuitable_home_education
)

select * from flags
