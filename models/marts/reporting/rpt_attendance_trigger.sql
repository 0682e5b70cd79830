-- Every day a child's absence crossed a threshold the LA acts on
-- (int_attendance_thresholds_crossed), with what followed: for the CME
-- checklist, the CME referral threshold and the deletion run, the first CME
-- referral made for the child from the crossing to its due date. An illness
-- return is listed only where the child had no medical needs (s19) case
-- open that day: where one is open, the LA already provides.
with

crossings as (
    select * from {{ ref('int_attendance_thresholds_crossed') }}
),

cases as (
    select * from {{ ref('fct_case') }}
),

triggers as (
    select * from {{ ref('attendance_triggers') }}
),

schools as (
    select * from {{ ref('dim_school') }}
),

answering_referrals as (
    select
        crossings.attendance_trigger_id,
        min(cases.opened_date) as cme_referral_date
    from crossings
    inner join cases
        on
            crossings.child_id = cases.child_id
            and cases.case_type = 'cme'
            and cases.opened_date
            between crossings.crossing_date and crossings.referral_due_date
    where crossings.trigger_code <> 'illness_return'
    group by crossings.attendance_trigger_id
),

provided_for as (
    select distinct crossings.attendance_trigger_id
    from crossings
    inner join cases
        on
            crossings.child_id = cases.child_id
            and cases.case_type = 'medical'
            and {{ is_open_on(
                'cases.opened_date', 'cases.closed_date',
                'crossings.crossing_date'
            ) }}
    where crossings.trigger_code = 'illness_return'
),

listed as (
    select
        crossings.attendance_trigger_id,
        crossings.trigger_code,
        triggers.trigger_name,
        crossings.child_id,
        crossings.enrolment_id,
        crossings.school_urn,
        schools.school_name,
        crossings.run_start_date,
        crossings.crossing_date,
        case
            when crossings.trigger_code <> 'illness_return'
                then crossings.referral_due_date
        end as referral_due_date,
        answering_referrals.cme_referral_date,
        case
            when crossings.trigger_code <> 'illness_return'
                then answering_referrals.cme_referral_date is not null
        end as has_cme_referral_in_time
    from crossings
    left join answering_referrals
        on
            crossings.attendance_trigger_id
            = answering_referrals.attendance_trigger_id
    left join provided_for
        on crossings.attendance_trigger_id = provided_for.attendance_trigger_id
    left join triggers
        on crossings.trigger_code = triggers.trigger_code
    left join schools
        on crossings.school_urn = schools.school_urn
    where provided_for.attendance_trigger_id is null
)

select * from listed
