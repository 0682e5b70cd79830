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
    {{ identity_records(
        'enrolments', 'pupil_roll', 1,
        record_id='enrolment_record_id',
        recorded_date='entry_date',
        carried=[
            'upn', 'forename', 'surname', 'date_of_birth', 'sex', 'postcode',
            'school_urn', 'enrolment_status',
        ],
        renamed={'recorded_end_date': 'leaving_date'},
    ) }}

    union all

    {{ identity_records(
        'rep_notifications', 'rep_notifications', 4,
        record_id='rep_record_id',
        recorded_date='rep_start_date',
        carried=['upn', 'forename', 'surname', 'date_of_birth', 'school_urn'],
    ) }}

    union all

    {{ identity_records(
        'exclusions', 'exclusions', 4,
        record_id='exclusion_record_id',
        recorded_date='start_date',
        carried=['upn', 'school_urn'],
    ) }}

    union all

    {{ identity_records(
        'exclusion_notifications', 'exclusion_notifications', 4,
        record_id='notification_record_id',
        recorded_date='start_date',
        carried=['upn', 'forename', 'surname', 'date_of_birth', 'school_urn'],
    ) }}
)

select * from unioned
