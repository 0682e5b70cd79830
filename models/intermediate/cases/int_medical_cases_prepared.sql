-- Medical needs (section 19) cases with their child.
with

medical_cases as (
    select * from {{ ref('stg_mners__medical_cases') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

prepared as (
    select
        {{ reference_id(
            'MED-', 'medical_cases.case_ref', 'medical_cases.medical_record_id'
        ) }} as case_id,
        'medical' as case_type,
        links.child_id,
        medical_cases.case_open_date as opened_date,
        medical_cases.case_close_date as closed_date,
        medical_cases.referral_date,
        medical_cases.hours_per_week,
        medical_cases.medical_provision_type_code as provision_type_code,
        'medical_cases' as source_table,
        medical_cases.medical_record_id as source_record_ids,
        1 as source_record_count,
        medical_cases.medical_record_id as first_record_id
    from medical_cases
    inner join links
        on medical_cases.medical_record_id = links.record_id
)

select * from prepared
