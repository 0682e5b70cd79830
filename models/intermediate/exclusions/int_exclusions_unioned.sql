-- Exclusions from both sources, the schools' census returns and the LA's log
-- of notices, each row with its episode: the child, the school, the kind
-- (permanent, suspension, lunchtime: exclusion_categories seed) and the
-- first day. One exclusion can be in both, or sent twice.
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
        review_outcome
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
        review_outcome
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

with_episode as (
    select
        *,
        concat_ws(
            '|',
            child_id,
            school_urn,
            exclusion_type,
            cast(start_date as {{ dbt.type_string() }})
        ) as episode_key
    from typed
)

select * from with_episode
