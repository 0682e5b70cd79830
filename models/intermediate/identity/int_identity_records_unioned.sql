-- Every landed row that names a child, from every register, with the keys
-- that can link it to the same child elsewhere: the UPN the school holds, the
-- LA person id, and the exact name and date of birth.
with

enrolments as (
    select * from {{ ref('stg_school_census__enrolments') }}
),

exclusions as (
    select * from {{ ref('stg_school_census__exclusions') }}
),

ehe_entries as (
    select * from {{ ref('stg_ehe__register_entries') }}
),

cme_referrals as (
    select * from {{ ref('stg_ews__cme_referrals') }}
),

rep_notifications as (
    select * from {{ ref('stg_rep__notifications') }}
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
        enrolment_record_id as record_id,
        'pupil_roll' as source_table,
        1 as source_priority,
        entry_date as recorded_date,
        upn,
        cast(null as varchar) as la_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        postcode
    from enrolments

    union all

    select
        ehe_record_id,
        'ehe_register',
        2,
        ehe_start_date,
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
        cme_referral_record_id,
        'cme_referrals',
        3,
        referral_date,
        upn,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        null
    from cme_referrals

    union all

    select
        medical_record_id,
        'medical_cases',
        3,
        case_open_date,
        null,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        null
    from medical_cases

    union all

    select
        placement_record_id,
        'ap_placements',
        3,
        placement_start_date,
        null,
        la_person_id,
        forename,
        surname,
        date_of_birth,
        null,
        null
    from placements

    union all

    select
        rep_record_id,
        'rep_notifications',
        4,
        rep_start_date,
        upn,
        null,
        null,
        null,
        null,
        null,
        null
    from rep_notifications

    union all

    select
        exclusion_record_id,
        'exclusions',
        4,
        start_date,
        upn,
        null,
        null,
        null,
        null,
        null,
        null
    from exclusions

    union all

    select
        social_care_record_id,
        'social_care_episodes',
        4,
        episode_start_date,
        null,
        la_person_id,
        null,
        null,
        null,
        null,
        null
    from social_care_episodes
),

keyed as (
    select
        *,
        {{ upn_status('upn') }} as upn_status,
        case
            when {{ name_key('forename') }} is not null
                and {{ name_key('surname') }} is not null
                and date_of_birth is not null
                then concat(
                    {{ name_key('forename') }}, '|', {{ name_key('surname') }}, '|',
                    cast(date_of_birth as varchar)
                )
        end as name_key
    from unioned
)

select * from keyed
