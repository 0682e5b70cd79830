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
    {{ identity_records(
        'ehe_entries', 'ehe_register', 2,
        record_id='ehe_record_id',
        recorded_date='ehe_start_date',
        carried=[
            'upn', 'education_person_id', 'forename', 'surname',
            'date_of_birth', 'sex', 'postcode',
        ],
        renamed={'school_urn': 'previous_school_urn'},
    ) }}

    union all

    {{ identity_records(
        'cme_referrals', 'cme_referrals', 3,
        record_id='cme_referral_record_id',
        recorded_date='referral_date',
        carried=[
            'upn', 'education_person_id', 'forename', 'surname',
            'date_of_birth', 'sex',
        ],
        renamed={'school_urn': 'referring_school_urn'},
    ) }}

    union all

    {{ identity_records(
        'medical_cases', 'medical_cases', 3,
        record_id='medical_record_id',
        recorded_date='case_open_date',
        carried=['upn', 'forename', 'surname', 'date_of_birth', 'sex'],
    ) }}

    union all

    {{ identity_records(
        'placements', 'ap_placements', 3,
        record_id='placement_record_id',
        recorded_date='placement_start_date',
        carried=['education_person_id', 'forename', 'surname', 'date_of_birth'],
    ) }}

    union all

    {{ identity_records(
        'social_care_episodes', 'social_care_episodes', 4,
        record_id='social_care_record_id',
        recorded_date='episode_start_date',
        carried=[
            'social_care_person_id', 'forename', 'surname', 'date_of_birth',
            'sex', 'postcode',
        ],
    ) }}
)

select * from unioned
