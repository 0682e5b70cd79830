-- The days children are known to have left the LA, from every register that
-- says so: a school registration ended for a school in another LA (its
-- destination LA is not var local_authority_code), a CME case closed as
-- found living elsewhere, home education ended by a move out of the area
-- (is_leaving_the_la in the cme_closure_outcomes and ehe_end_reasons seeds).
-- A child who has left is no longer the LA's to find: fct_provision_gap ends
-- there.
with

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

cme_closure_outcomes as (
    select * from {{ ref('cme_closure_outcomes') }}
),

ehe_end_reasons as (
    select * from {{ ref('ehe_end_reasons') }}
),

registration_departures as (
    select
        enrolment_record_id as departure_source_id,
        child_id,
        leaving_date as departure_date,
        'pupil_roll' as source_table,
        concat('destination LA ', destination_la_code) as departure_detail
    from registrations
    where
        leaving_date is not null
        and destination_la_code <> '{{ var("local_authority_code") }}'
),

-- A closed case whose outcome (CME) or end reason (EHE) says the child left.
case_departures as (
    select
        cases.case_id as departure_source_id,
        cases.child_id,
        cases.closed_date as departure_date,
        cases.source_table,
        concat(
            upper(cases.case_type), ' closed ', cases.outcome_code
        ) as departure_detail
    from cases
    left join cme_closure_outcomes
        on
            cases.case_type = 'cme'
            and cases.outcome_code
            = cme_closure_outcomes.cme_closure_outcome_code
    left join ehe_end_reasons
        on
            cases.case_type = 'ehe'
            and cases.outcome_code = ehe_end_reasons.ehe_end_reason_code
    where
        cases.closed_date is not null
        and coalesce(
            cme_closure_outcomes.is_leaving_the_la,
            ehe_end_reasons.is_leaving_the_la,
            false
        )
),

departures as (
    select * from registration_departures
    union all
    select * from case_departures
)

select * from departures
