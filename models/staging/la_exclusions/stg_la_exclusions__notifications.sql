-- The LA exclusions officer's log as landed: one row per notice, typed, with
-- file and line; a repeated row is kept and held back.
with

landed as (
    {{ landed_rows(source('la_exclusions', 'exclusion_notifications')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as notification_record_id,
        {{ clean_code('notificationref') }} as notification_ref,
        {{ clean_code('upn') }} as upn,
        {{ clean_text('schoolurn') }} as school_urn,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        -- dates
        {{ parse_uk_date('startdate') }} as start_date,
        {{ parse_uk_date('notifieddate') }} as notified_date,
        -- codes
        {{ clean_code('category') }} as exclusion_category_code,
        {{ clean_code('outcome') }} as review_outcome,
        -- details
        {{ parse_number('sessions', 'integer') }} as sessions,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps('start_date') }}

select * from held_back
