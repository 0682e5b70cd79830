-- Reduced timetable notifications as landed, typed, with file and line.
with

landed as (
    {{ landed_rows(source('rep', 'rep_notifications')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as rep_record_id,
        {{ clean_code('notification_ref') }} as notification_ref,
        {{ clean_text('school_urn') }} as school_urn,
        {{ clean_code('upn') }} as upn,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('date_of_birth') }} as date_of_birth,
        -- dates
        {{ parse_uk_date('start_date') }} as rep_start_date,
        {{ parse_uk_date('planned_end_date') }} as planned_end_date,
        {{ parse_uk_date('review_date') }} as review_date,
        {{ parse_uk_date('actual_end_date') }} as rep_end_date,
        -- codes
        {{ clean_code('reason') }} as rep_reason_code,
        -- details
        {{ parse_number('hours_offered_per_week') }} as hours_offered_per_week,
        {{ yes_no('parental_agreement') }} as has_parental_agreement,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps('rep_start_date', 'rep_end_date', ['upn']) }}

select * from held_back
