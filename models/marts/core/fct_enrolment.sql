-- One row per registration of a child at a school of the LA.
with

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

enrolments as (
    select
        enrolment_record_id as enrolment_id,
        child_id,
        school_urn,
        entry_date,
        leaving_date,
        leaving_ground_code,
        leaving_ground_category,
        destination_school_urn,
        destination_la_code,
        enrolment_status,
        is_main_registration,
        sen_provision,
        extract_date
    from registrations
)

select * from enrolments
