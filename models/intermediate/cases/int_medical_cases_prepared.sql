-- Medical needs (section 19) cases with their child.
with

medical_cases as (
    {{ used_rows_with_child(
        'stg_mners__medical_cases', 'medical_record_id'
    ) }}
),

prepared as (
    select
        {{ reference_id(
            'MED-', 'medical_cases.case_ref', 'medical_cases.medical_record_id'
        ) }} as case_id,
        'medical' as case_type,
        medical_cases.child_id,
        medical_cases.case_open_date as opened_date,
        medical_cases.case_close_date as closed_date,
        medical_cases.referral_date,
        medical_cases.hours_per_week,
        medical_cases.medical_provision_type_code as provision_type_code,
        {{ single_row_case_source(
            'medical_cases', 'medical_cases.medical_record_id'
        ) }}
    from medical_cases
)

select * from prepared
