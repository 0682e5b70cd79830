-- Medical needs (section 19) cases as landed, typed, with file and line.
with

landed as (
    {{ landed_rows(source('mners', 'medical_cases')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as medical_record_id,
        {{ clean_code('caseref') }} as case_ref,
        {{ clean_code('upn') }} as upn,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        {{ clean_code('gender') }} as sex,
        -- dates
        {{ parse_uk_date('referraldate') }} as referral_date,
        {{ parse_uk_date('opendate') }} as case_open_date,
        {{ parse_uk_date('closedate') }} as case_close_date,
        -- codes
        {{ clean_code('provisiontype') }} as medical_provision_type_code,
        -- details
        {{ parse_number('hoursperweek') }} as hours_per_week,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps('case_open_date', 'case_close_date', ['upn']) }}

select * from held_back
