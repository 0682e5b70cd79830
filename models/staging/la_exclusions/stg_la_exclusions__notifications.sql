-- The LA exclusions officer's log as landed: one row per notice, typed, with
-- file and line; a repeated row is kept and held back.
with

landed as (
    {{ landed_rows(source('la_exclusions', 'exclusion_notifications')) }}
),

typed as (
    select
        {{ record_id() }} as notification_record_id,
        source_file,
        source_line,
        extract_date,
        landing_issue,
        record_hash,
        {{ clean_code('notificationref') }} as notification_ref,
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        {{ clean_code('upn') }} as upn,
        {{ clean_text('schoolurn') }} as school_urn,
        {{ clean_code('category') }} as exclusion_category_code,
        {{ parse_uk_date('startdate') }} as start_date,
        {{ parse_number('sessions', 'integer') }} as sessions,
        {{ clean_code('outcome') }} as review_outcome,
        {{ parse_uk_date('notifieddate') }} as notified_date
    from landed
),

{{ hold_back_steps('start_date') }}

select * from held_back
