-- The EHE register as landed: one row per episode of home education, typed,
-- with its file and line.
with

landed as (
    {{ landed_rows(source('ehe', 'ehe_register')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as ehe_record_id,
        {{ clean_text('person_id') }} as education_person_id,
        {{ clean_code('upn') }} as upn,
        {{ clean_text('previous_school_urn') }} as previous_school_urn,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        {{ clean_code('gender') }} as sex,
        {{ clean_code('postcode') }} as postcode,
        -- dates
        {{ parse_uk_date('ehe_start_date') }} as ehe_start_date,
        {{ parse_uk_date('ehe_end_date') }} as ehe_end_date,
        {{ parse_uk_date('suitability_date') }} as suitability_date,
        {{ parse_uk_date('s437_notice_date') }} as s437_notice_date,
        {{ parse_uk_date('sao_issued_date') }} as sao_issued_date,
        {{ parse_uk_date('sao_revoked_date') }} as sao_revoked_date,
        -- codes
        {{ clean_code('end_reason') }} as ehe_end_reason_code,
        {{ clean_code('primary_reason') }} as ehe_reason_code,
        {{ clean_text('suitability') }} as suitability,
        -- details
        {{ yes_no('ehcp') }} as has_ehcp,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps(
    'ehe_start_date', 'ehe_end_date', ['education_person_id', 'upn']
) }}

select * from held_back
