-- Exclusions from both sources, the schools' census returns and the LA's log
-- of notices, each row with its episode: the child, the school, the kind
-- (permanent, suspension, lunchtime: exclusion_categories seed) and the
-- first day. One exclusion can be in both, or sent twice. A census row
-- without a UPN takes the child of the notice of the same exclusion.
with

census_exclusions as (
    select * from {{ ref('int_exclusions_linked') }}
),

notified_exclusions as (
    select * from {{ ref('int_exclusion_notifications_linked') }}
),

categories as (
    select * from {{ ref('exclusion_categories') }}
),

unioned as (
    select
        exclusion_id,
        'exclusions' as source_table,
        1 as source_priority,
        child_id,
        school_urn,
        exclusion_category_code,
        start_date,
        sessions,
        reason_1_code,
        reason_2_code,
        reason_3_code,
        review_outcome,
        is_without_upn
    from census_exclusions

    union all

    select
        exclusion_id,
        'exclusion_notifications' as source_table,
        2 as source_priority,
        child_id,
        school_urn,
        exclusion_category_code,
        start_date,
        sessions,
        null as reason_1_code,
        null as reason_2_code,
        null as reason_3_code,
        review_outcome,
        false as is_without_upn
    from notified_exclusions
),

typed as (
    select
        unioned.*,
        coalesce(
            categories.exclusion_type, unioned.exclusion_category_code
        ) as exclusion_type
    from unioned
    left join categories
        on unioned.exclusion_category_code = categories.exclusion_category_code
),

census_children as (
    select distinct
        child_id,
        school_urn,
        exclusion_type,
        start_date
    from typed
    where source_table = 'exclusions'
),

-- The child a notice names where the census has no row of that child's
-- exclusion, and it is the only such notice of that school, day and kind.
notified_children as (
    select
        notices.school_urn,
        notices.exclusion_type,
        notices.start_date,
        min(notices.child_id) as child_id
    from typed as notices
    left join census_children
        on
            notices.child_id = census_children.child_id
            and notices.school_urn = census_children.school_urn
            and notices.exclusion_type = census_children.exclusion_type
            and notices.start_date = census_children.start_date
    where
        notices.source_table = 'exclusion_notifications'
        and census_children.child_id is null
    group by notices.school_urn, notices.exclusion_type, notices.start_date
    having count(distinct notices.child_id) = 1
),

-- A census row without a UPN names no child; the notice of the same
-- exclusion does.
with_child as (
    select
        typed.* exclude (child_id),
        case
            when typed.is_without_upn
                then coalesce(notified_children.child_id, typed.child_id)
            else typed.child_id
        end as child_id
    from typed
    left join notified_children
        on
            typed.school_urn = notified_children.school_urn
            and typed.exclusion_type = notified_children.exclusion_type
            and typed.start_date = notified_children.start_date
),

with_episode as (
    select
        *,
        concat_ws(
            '|',
            child_id,
            school_urn,
            exclusion_type,
            cast(start_date as varchar)
        ) as episode_key
    from with_child
)

select * from with_episode
