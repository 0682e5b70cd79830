-- The pupil roll as landed: one row per registration line, trimmed and
-- typed, with its file and line. A value that does not parse is null here (the
-- arrival checks list it as unparseable_value); no row is dropped.
with

landed as (
    {{ landed_rows(source('school_census', 'pupil_roll')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as enrolment_record_id,
        {{ clean_code('upn') }} as upn,
        {{ clean_text('urn') }} as school_urn,
        {{ clean_text('destinationurn') }} as destination_school_urn,
        {{ clean_text('destinationla') }} as destination_la_code,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        {{ clean_code('gender') }} as sex,
        {{ clean_code('postcode') }} as postcode,
        -- dates
        {{ parse_uk_date('entrydate') }} as entry_date,
        {{ parse_uk_date('leavingdate') }} as leaving_date,
        -- codes
        {{ clean_text('leavingreason') }} as leaving_ground_code,
        {{ clean_code('enrolstatus') }} as enrolment_status,
        {{ clean_code('senprovision') }} as sen_provision,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps('entry_date', 'leaving_date', ['upn']) }}

select * from held_back
