-- The school systems' rows that identify a child (pupil roll, reduced
-- timetable notifications, exclusions): schools know a child by the UPN they
-- hold, and the roll adds names and date of birth.
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

unioned as (
    select
        enrolment_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
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
        rep_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        'rep_notifications' as source_table,
        4 as source_priority,
        rep_start_date as recorded_date,
        upn,
        null as la_person_id,
        null as forename,
        null as surname,
        null as date_of_birth,
        null as sex,
        null as postcode
    from rep_notifications

    union all

    select
        exclusion_record_id as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        'exclusions' as source_table,
        4 as source_priority,
        start_date as recorded_date,
        upn,
        null as la_person_id,
        null as forename,
        null as surname,
        null as date_of_birth,
        null as sex,
        null as postcode
    from exclusions
)

select * from unioned
