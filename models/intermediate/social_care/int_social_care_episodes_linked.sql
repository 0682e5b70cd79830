-- Children's social care episodes (child in need, child protection, looked
-- after) with the child each belongs to: the social worker behind a child of
-- interest (committee report 4.2).
with

episodes as (
    {{ used_rows_with_child(
        'stg_social_care__episodes', 'social_care_record_id'
    ) }}
),

linked as (
    select
        episodes.social_care_record_id,
        episodes.child_id,
        episodes.episode_type,
        episodes.episode_start_date,
        episodes.episode_end_date
    from episodes
)

select * from linked
