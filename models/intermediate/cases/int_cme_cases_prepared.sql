-- CME cases of the Education Welfare Service: one per referral, with its
-- child. A referral keyed twice is two rows here; int_cases_deduplicated
-- makes them one case, as it does for every kind.
with

referrals as (
    {{ used_rows_with_child(
        'stg_ews__cme_referrals', 'cme_referral_record_id'
    ) }}
),

prepared as (
    select
        {{ reference_id(
            'CME-', 'referrals.referral_id', 'referrals.cme_referral_record_id'
        ) }} as case_id,
        'cme' as case_type,
        referrals.child_id,
        referrals.referral_date as opened_date,
        referrals.closure_date as closed_date,
        referrals.cme_referral_reason_code as reason_code,
        referrals.cme_closure_outcome_code as outcome_code,
        referrals.referring_school_urn as school_urn,
        {{ single_row_case_source(
            'cme_referrals', 'referrals.cme_referral_record_id',
            source_record_ids='coalesce(referrals.referral_id, '
            ~ 'referrals.cme_referral_record_id)'
        ) }}
    from referrals
)

select * from prepared
