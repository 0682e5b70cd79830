-- Every registration on a school roll with the child it belongs to and what
-- its deletion ground means.
with

enrolments as (
    {{ used_rows_with_child(
        'stg_school_census__enrolments', 'enrolment_record_id'
    ) }}
),

deletion_grounds as (
    select * from {{ ref('deletion_grounds') }}
),

linked as (
    select
        enrolments.enrolment_record_id,
        -- A compact number for the registration, for the attendance models'
        -- sorts over tens of millions of marks.
        row_number() over (
            order by enrolments.enrolment_record_id
        ) as registration_number,
        enrolments.child_id,
        enrolments.school_urn,
        enrolments.upn,
        enrolments.entry_date,
        enrolments.leaving_date,
        enrolments.leaving_ground_code,
        deletion_grounds.ground_category as leaving_ground_category,
        enrolments.destination_school_urn,
        enrolments.destination_la_code,
        enrolments.enrolment_status,
        enrolments.enrolment_status in ('C', 'M') as is_main_registration,
        enrolments.sen_provision,
        enrolments.extract_date
    from enrolments
    left join deletion_grounds
        on
            enrolments.leaving_ground_code
            = deletion_grounds.deletion_ground_code
)

select * from linked
