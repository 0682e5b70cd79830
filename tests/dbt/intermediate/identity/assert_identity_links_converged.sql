-- Identity linking converged: records sharing a key are in one key group
-- (int_identity_key_groups), and a group and the group it matched belong to
-- one child (int_identity_records_linked). A key or match spanning two
-- means var identity_link_passes was too small for the longest chain.
-- Not a row's fault but the linking's: it stops the build.
{{ config(severity='error', store_failures=false) }}
with

record_keys as (
    select * from {{ ref('int_identity_link_keys_listed') }}
),

key_groups as (
    select * from {{ ref('int_identity_key_groups') }}
),

matches as (
    select * from {{ ref('int_identity_key_group_matches') }}
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

keys_split as (
    select
        record_keys.link_key as spanning,
        count(distinct key_groups.key_group_id) as group_count
    from record_keys
    inner join key_groups
        on record_keys.record_id = key_groups.record_id
    group by record_keys.link_key
    having count(distinct key_groups.key_group_id) > 1
),

group_children as (
    select distinct
        key_group_id,
        child_id
    from links
),

matches_split as (
    select
        concat(
            matches.seeker_key_group_id, ' > ', matches.matched_key_group_id
        ) as spanning,
        2 as group_count
    from matches
    inner join group_children as seeker
        on matches.seeker_key_group_id = seeker.key_group_id
    inner join group_children as matched_group
        on matches.matched_key_group_id = matched_group.key_group_id
    where seeker.child_id <> matched_group.child_id
),

failures as (
    select * from keys_split
    union all
    select * from matches_split
)

select * from failures
