-- The exclusions schools notified to the LA (the exclusions officer's log),
-- with the child each belongs to, one row per landed line used.
with

notifications as (
    {{ used_rows_with_child(
        'stg_la_exclusions__notifications', 'notification_record_id'
    ) }}
),

linked as (
    select
        notifications.notification_record_id as exclusion_id,
        notifications.child_id,
        notifications.school_urn,
        notifications.exclusion_category_code,
        notifications.start_date,
        notifications.sessions,
        notifications.review_outcome
    from notifications
)

select * from linked
