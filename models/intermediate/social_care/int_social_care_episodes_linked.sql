-- Children's social care episodes (child in need, child protection, looked
-- after) with the child each belongs to: the social worker behind a child of
-- interest (committee report 4.2).
with

episodes as (
    select * from {{ ref('stg_social_care__episodes') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

linked as (
    select
        episodes.social_care_record_id,
        links.child_id,
        episodes.episode_type,
        episodes.episode_start_date,
        episodes.episode_end_date
    from episodes
    inner join links
        on episodes.social_care_record_id = links.record_id
)

select * from linked
