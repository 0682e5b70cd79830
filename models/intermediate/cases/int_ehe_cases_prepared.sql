-- Home education episodes as cases of the EHE team, with their child.
with

entries as (
    {{ used_rows_with_child(
        'stg_ehe__register_entries', 'ehe_record_id'
    ) }}
),

prepared as (
    select
        -- A home education episode has no reference of its own: named by
        -- the child's education person id and start date, pseudonymised
        -- (it is published).
        {{ pseudonym(
            'EHE-',
            "concat(coalesce(entries.education_person_id, entries.ehe_record_id), "
            ~ "'|', cast(entries.ehe_start_date as " ~ dbt.type_string() ~ "))"
        ) }} as case_id,
        'ehe' as case_type,
        entries.child_id,
        entries.ehe_start_date as opened_date,
        entries.ehe_end_date as closed_date,
        entries.ehe_reason_code as reason_code,
        entries.ehe_end_reason_code as outcome_code,
        entries.previous_school_urn as school_urn,
        entries.suitability,
        entries.suitability_date,
        entries.s437_notice_date,
        entries.sao_issued_date,
        entries.sao_revoked_date,
        {{ single_row_case_source(
            'ehe_register', 'entries.ehe_record_id'
        ) }}
    from entries
)

select * from prepared
