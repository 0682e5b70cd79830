-- One row per exclusion: rows of either source that give one episode (the
-- same child, school, kind and first day: a census row re-sent with its
-- review outcome, a permanent exclusion in the census and in the LA's log)
-- are one exclusion. The row with more information is kept (a review
-- outcome given), then the census before the log, then the latest line; the
-- others are flagged (int_dq_duplicate_episodes).
with

exclusions as (
    select * from {{ ref('int_exclusions_unioned') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by episode_key
            order by
                {{ information_count(
                    ['review_outcome', 'sessions', 'reason_1_code']
                ) }} desc,
                source_priority asc,
                {{ record_line_order('exclusion_id') }}
        ) as episode_rank,
        count(*) over (partition by episode_key) as source_record_count
    from exclusions
),

deduplicated as (
    select * {{ star_except() }} (episode_rank)
    from ranked
    where episode_rank = 1
)

select * from deduplicated
