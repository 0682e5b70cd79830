-- Children of interest (committee report 3.3 and 4.2): with a social worker.
-- A children's social care episode (int_social_care_episodes_linked: child
-- in need, child protection, looked after) open on an as-at date of the
-- reports, dates inclusive.
with

episodes as (
    select * from {{ ref('int_social_care_episodes_linked') }}
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

flags as (
    select
        periods.period_label,
        periods.as_at_date,
        episodes.child_id,
        'social_worker' as interest_flag,
        episodes.social_care_record_id as source_id
    from episodes
    inner join periods
        on {{ is_open_on(
            'episodes.episode_start_date',
            'episodes.episode_end_date',
            'periods.as_at_date'
        ) }}
)

select * from flags
