-- The LA's own case systems' rows that identify a child (EHE register, CME
-- referrals, medical needs cases, AP and EOTAS placements, social care): the
-- LA knows a child by its person id, with names, date of birth and, where
-- known, the UPN.
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
        'ehe_register' as source_table,
        2 as source_priority,
        ehe_start_date as recorded_date,
        upn,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        postcode
    from ehe_entries

    union all

    select
        cme_referral_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        'cme_referrals' as source_table,
        3 as source_priority,
        referral_date as recorded_date,
        upn,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        null as postcode
    from cme_referrals

    union all

    select
        medical_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        'medical_cases' as source_table,
        3 as source_priority,
        case_open_date as recorded_date,
        null as upn,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        null as postcode
    from medical_cases

    union all

    select
        placement_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        'ap_placements' as source_table,
        3 as source_priority,
        placement_start_date as recorded_date,
        null as upn,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        null as sex,
        null as postcode
    from placements

    union all

    select
        social_care_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        'social_care_episodes' as source_table,
        4 as source_priority,
        episode_start_date as recorded_date,
        null as upn,
        la_person_id,
        null as forename,
        null as surname,
        null as date_of_birth,
        null as sex,
        null as postcode
    from social_care_episodes
)

select * from unioned
