-- CME referrals as landed: one row per referral line (a referral keyed twice
-- is two rows here; int_cases_deduplicated makes them one case).
with

landed as (
    {{ landed_rows(source('ews', 'cme_referrals')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as cme_referral_record_id,
        {{ clean_code('referralid') }} as referral_id,
        {{ clean_text('personid') }} as education_person_id,
        {{ clean_code('upn') }} as upn,
        {{ clean_text('referringschoolurn') }} as referring_school_urn,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        {{ clean_code('gender') }} as sex,
        -- dates
        {{ parse_uk_date('referraldate') }} as referral_date,
        {{ parse_uk_date('closuredate') }} as closure_date,
        -- codes
        {{ clean_code('referralreason') }} as cme_referral_reason_code,
        {{ clean_code('closureoutcome') }} as cme_closure_outcome_code,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps(
    'referral_date', 'closure_date', ['education_person_id', 'upn']
) }}

select * from held_back
