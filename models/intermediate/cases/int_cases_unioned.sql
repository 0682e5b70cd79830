-- The four kinds of case (CME, EHE, REP, medical needs) in one table, each
-- with the columns its register has (null where it has none) and the landed
-- row it was first recorded on: read by fct_case, the overlap check and the
-- indicators.
{{ union_relations(
    [
        ref('int_cme_cases_prepared'),
        ref('int_ehe_cases_prepared'),
        ref('int_rep_cases_prepared'),
        ref('int_medical_cases_prepared'),
    ],
    {
        'case_id': 'varchar',
        'case_type': 'varchar',
        'child_id': 'varchar',
        'opened_date': 'date',
        'closed_date': 'date',
        'referral_date': 'date',
        'reason_code': 'varchar',
        'outcome_code': 'varchar',
        'school_urn': 'varchar',
        'planned_end_date': 'date',
        'review_date': 'date',
        'hours_per_week': 'decimal(6, 2)',
        'has_parental_agreement': 'boolean',
        'provision_type_code': 'varchar',
        'suitability': 'varchar',
        'suitability_date': 'date',
        's437_notice_date': 'date',
        'sao_issued_date': 'date',
        'sao_revoked_date': 'date',
        'source_table': 'varchar',
        'source_record_ids': 'varchar',
        'source_record_count': 'bigint',
        'first_record_id': 'varchar',
    }
) }}
