-- Reduced timetables as cases, with their child.
with

notifications as (
    select * from {{ ref('stg_rep__notifications') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

prepared as (
    select
        {{ reference_id(
            'REP-', 'notifications.notification_ref', 'notifications.rep_record_id'
        ) }} as case_id,
        'rep' as case_type,
        links.child_id,
        notifications.rep_start_date as opened_date,
        notifications.rep_end_date as closed_date,
        notifications.rep_reason_code as reason_code,
        notifications.school_urn,
        notifications.planned_end_date,
        notifications.review_date,
        notifications.hours_offered_per_week as hours_per_week,
        notifications.has_parental_agreement,
        'rep_notifications' as source_table,
        notifications.rep_record_id as source_record_ids,
        1 as source_record_count,
        notifications.rep_record_id as first_record_id
    from notifications
    inner join links
        on notifications.rep_record_id = links.record_id
)

select * from prepared
