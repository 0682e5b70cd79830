-- CME cases of the Education Welfare Service: one per referral, with its
-- child. A referral keyed twice is two rows here; int_cases_deduplicated
-- makes them one case, as it does for every kind.
with

referrals as (
    select * from {{ ref('stg_ews__cme_referrals') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

prepared as (
    select
        {{ reference_id(
            'CME-', 'referrals.referral_id', 'referrals.cme_referral_record_id'
        ) }} as case_id,
        'cme' as case_type,
        links.child_id,
        referrals.referral_date as opened_date,
        referrals.closure_date as closed_date,
        referrals.cme_referral_reason_code as reason_code,
        referrals.cme_closure_outcome_code as outcome_code,
        referrals.referring_school_urn as school_urn,
        'cme_referrals' as source_table,
        coalesce(referrals.referral_id, referrals.cme_referral_record_id)
            as source_record_ids,
        1 as source_record_count,
        referrals.cme_referral_record_id as first_record_id
    from referrals
    inner join links
        on referrals.cme_referral_record_id = links.record_id
)

select * from prepared
