-- The LA's own case systems' rows that identify a child (EHE register, CME
-- referrals, medical needs cases, AP and EOTAS placements, social care). Each
-- system knows a child by its own id: the education case system (EHE, EWS,
-- placements) by its person id, children's social care by another, the
-- medical needs service by none; all with names and date of birth and,
-- where known, the UPN.
with

ehe_entries as (
    select * from {{ ref('stg_ehe__register_entries') }}
),

cme_referrals as (
    select * from {{ ref('stg_ews__cme_referrals') }}
),

medical_cases as (
    select * from {{ ref('stg_mners__medical_cases') }}
),

placements as (
    select * from {{ ref('stg_placements__placements') }}
),

social_care_episodes as (
    select * from {{ ref('stg_social_care__episodes') }}
),

unioned as (
    select
        ehe_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'ehe_register' as source_table,
        2 as source_priority,
        ehe_start_date as recorded_date,
        cast(null as date) as recorded_end_date,
        upn,
        education_person_id,
        cast(null as varchar) as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        postcode,
        previous_school_urn as school_urn,
        cast(null as varchar) as enrolment_status
    from ehe_entries

    union all

    select
        cme_referral_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'cme_referrals' as source_table,
        3 as source_priority,
        referral_date as recorded_date,
        cast(null as date) as recorded_end_date,
        upn,
        education_person_id,
        null as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        null as postcode,
        referring_school_urn as school_urn,
        cast(null as varchar) as enrolment_status
    from cme_referrals

    union all

    select
        medical_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'medical_cases' as source_table,
        3 as source_priority,
        case_open_date as recorded_date,
        cast(null as date) as recorded_end_date,
        upn,
        null as education_person_id,
        null as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        null as postcode,
        null as school_urn,
        cast(null as varchar) as enrolment_status
    from medical_cases

    union all

    select
        placement_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'ap_placements' as source_table,
        3 as source_priority,
        placement_start_date as recorded_date,
        cast(null as date) as recorded_end_date,
        null as upn,
        education_person_id,
        null as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        null as sex,
        null as postcode,
        null as school_urn,
        cast(null as varchar) as enrolment_status
    from placements

    union all

    select
        social_care_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'social_care_episodes' as source_table,
        4 as source_priority,
        episode_start_date as recorded_date,
        cast(null as date) as recorded_end_date,
        null as upn,
        null as education_person_id,
        social_care_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        postcode,
        null as school_urn,
        cast(null as varchar) as enrolment_status
    from social_care_episodes
)

select * from unioned
