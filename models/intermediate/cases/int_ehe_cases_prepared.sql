-- Home education episodes as cases of the EHE team, with their child.
with

entries as (
    select * from {{ ref('stg_ehe__register_entries') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

prepared as (
    select
        -- A home education episode has no reference of its own: named by
        -- the child's education person id and start date, pseudonymised
        -- (it is published).
        {{ pseudonym(
            'EHE-',
            "concat(coalesce(entries.education_person_id, entries.ehe_record_id), "
            ~ "'|', cast(entries.ehe_start_date as varchar))"
        ) }} as case_id,
        'ehe' as case_type,
        links.child_id,
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
        'ehe_register' as source_table,
        entries.ehe_record_id as source_record_ids,
        1 as source_record_count,
        entries.ehe_record_id as first_record_id
    from entries
    inner join links
        on entries.ehe_record_id = links.record_id
)

select * from prepared
