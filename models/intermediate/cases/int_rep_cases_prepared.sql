-- Reduced timetables as cases, with their child.
with

notifications as (
    {{ used_rows_with_child(
        'stg_rep__notifications', 'rep_record_id'
    ) }}
),

prepared as (
    select
        {{ reference_id(
            'REP-', 'notifications.notification_ref', 'notifications.rep_record_id'
        ) }} as case_id,
        'rep' as case_type,
        notifications.child_id,
        notifications.rep_start_date as opened_date,
        notifications.rep_end_date as closed_date,
        notifications.rep_reason_code as reason_code,
        notifications.school_urn,
        notifications.planned_end_date,
        notifications.review_date,
        notifications.hours_offered_per_week as hours_per_week,
        notifications.has_parental_agreement,
        {{ single_row_case_source(
            'rep_notifications', 'notifications.rep_record_id'
        ) }}
    from notifications
)

select * from prepared
