-- CME cases: referrals with their child, a referral keyed twice (the same
-- child referred on the same day) merged into one case that lists both
-- references. A case is closed when any of its copies is.
with

referrals as (
    select * from {{ ref('stg_ews__cme_referrals') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

linked as (
    select
        links.child_id,
        coalesce(referrals.referral_id, referrals.cme_referral_record_id)
            as referral_ref,
        referrals.*
    from referrals
    inner join links
        on referrals.cme_referral_record_id = links.record_id
),

deduplicated as (
    select
        {{ reference_id(
            'CME-', 'min(referral_ref)', 'min(cme_referral_record_id)'
        ) }} as case_id,
        'cme' as case_type,
        child_id,
        referral_date as opened_date,
        max(closure_date) as closed_date,
        min(cme_referral_reason_code) as reason_code,
        max(cme_closure_outcome_code) as outcome_code,
        max(referring_school_urn) as school_urn,
        'cme_referrals' as source_table,
        {{ dbt.listagg(
            'referral_ref', "', '", "order by referral_ref"
        ) }} as source_record_ids,
        count(*) as source_record_count,
        min(cme_referral_record_id) as first_record_id
    from linked
    group by child_id, referral_date
)

select * from deduplicated
