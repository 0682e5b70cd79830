-- The rows schools send that identify a child (pupil roll, reduced timetable
-- notifications, census exclusions, and the exclusion notices the LA logs):
-- schools know a child by the UPN they hold; the roll, the REP forms and the
-- notices add names and date of birth. Schools have no LA person id.
with

enrolments as (
    select * from {{ ref('stg_school_census__enrolments') }}
),

rep_notifications as (
    select * from {{ ref('stg_rep__notifications') }}
),

exclusions as (
    select * from {{ ref('stg_school_census__exclusions') }}
),

exclusion_notifications as (
    select * from {{ ref('stg_la_exclusions__notifications') }}
),

unioned as (
    select
        enrolment_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'pupil_roll' as source_table,
        1 as source_priority,
        entry_date as recorded_date,
        leaving_date as recorded_end_date,
        upn,
        cast(null as varchar) as education_person_id,
        cast(null as varchar) as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        sex,
        postcode,
        school_urn,
        enrolment_status
    from enrolments

    union all

    select
        rep_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'rep_notifications' as source_table,
        4 as source_priority,
        rep_start_date as recorded_date,
        cast(null as date) as recorded_end_date,
        upn,
        cast(null as varchar) as education_person_id,
        cast(null as varchar) as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        null as sex,
        null as postcode,
        school_urn,
        cast(null as varchar) as enrolment_status
    from rep_notifications

    union all

    select
        exclusion_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'exclusions' as source_table,
        4 as source_priority,
        start_date as recorded_date,
        cast(null as date) as recorded_end_date,
        upn,
        null as education_person_id,
        null as social_care_person_id,
        null as forename,
        null as surname,
        null as date_of_birth,
        null as sex,
        null as postcode,
        school_urn,
        cast(null as varchar) as enrolment_status
    from exclusions

    union all

    select
        notification_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        'exclusion_notifications' as source_table,
        4 as source_priority,
        start_date as recorded_date,
        cast(null as date) as recorded_end_date,
        upn,
        cast(null as varchar) as education_person_id,
        cast(null as varchar) as social_care_person_id,
        forename,
        surname,
        date_of_birth,
        null as sex,
        null as postcode,
        school_urn,
        cast(null as varchar) as enrolment_status
    from exclusion_notifications
)

select * from unioned
