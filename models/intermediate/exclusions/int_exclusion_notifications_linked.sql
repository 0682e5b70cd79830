-- The exclusions schools notified to the LA (the exclusions officer's log),
-- with the child each belongs to, one row per landed line used.
with

notifications as (
    select * from {{ ref('stg_la_exclusions__notifications') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

linked as (
    select
        notifications.notification_record_id as exclusion_id,
        links.child_id,
        notifications.school_urn,
        notifications.exclusion_category_code,
        notifications.start_date,
        notifications.sessions,
        notifications.review_outcome
    from notifications
    inner join links
        on notifications.notification_record_id = links.record_id
)

select * from linked
