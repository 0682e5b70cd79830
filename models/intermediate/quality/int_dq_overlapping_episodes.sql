-- Episodes of one kind (EHE, CME, REP, medical) that a child has open at the
-- same time: the later one is flagged. Dates are inclusive, so an episode
-- that starts on the day the earlier one ends overlaps it.
with

ehe_cases as (
    select * from {{ ref('int_ehe_cases_prepared') }}
),

cme_cases as (
    select * from {{ ref('int_cme_referrals_deduplicated') }}
),

rep_cases as (
    select * from {{ ref('int_rep_cases_prepared') }}
),

medical_cases as (
    select * from {{ ref('int_medical_cases_prepared') }}
),

cases as (
    select
        case_type,
        child_id,
        opened_date,
        closed_date,
        source_table,
        source_record_ids as record_id
    from ehe_cases
    union all
    select
        case_type,
        child_id,
        opened_date,
        closed_date,
        source_table,
        first_record_id as record_id
    from cme_cases
    union all
    select
        case_type,
        child_id,
        opened_date,
        closed_date,
        source_table,
        source_record_ids as record_id
    from rep_cases
    union all
    select
        case_type,
        child_id,
        opened_date,
        closed_date,
        source_table,
        source_record_ids as record_id
    from medical_cases
),

with_earlier as (
    select
        *,
        max(coalesce(closed_date, cast('9999-12-31' as date))) over (
            partition by child_id, case_type
            order by opened_date, record_id
            rows between unbounded preceding and 1 preceding
        ) as latest_earlier_close
    from cases
),

overlapping as (
    select
        record_id,
        source_table,
        split_part(record_id, ':', 1) as source_file,
        cast(split_part(record_id, ':', 2) as integer) as source_line,
        'overlapping_episode' as rule_code,
        cast(null as varchar) as column_name,
        concat(
            'opens ', cast(opened_date as varchar),
            ' while an earlier one is open'
        ) as value
    from with_earlier
    where opened_date <= latest_earlier_close
)

select * from overlapping
