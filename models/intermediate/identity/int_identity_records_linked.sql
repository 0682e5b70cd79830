-- Which child each record belongs to, and how it was linked. Key groups
-- (records tied by a UPN, a person id, a school's own UPN:
-- int_identity_key_groups) joined by their matches
-- (int_identity_key_group_matches) are one child. The child's id is a salted
-- hash of its steadiest key (a permanent UPN, then the education person id,
-- and so on: macro link_key_rank), so a child keeps it when a new extract
-- arrives. link_stage says how the record came to its child: the key it
-- shares with another record of its group, else the match that joined its
-- group, else single_record.
{%- set passes = var('identity_link_passes') %}

with

record_keys as (
    select * from {{ ref('int_identity_link_keys_listed') }}
),

key_groups as {{ materialized_cte() }} (
    select * from {{ ref('int_identity_key_groups') }}
),

matches as (
    select * from {{ ref('int_identity_key_group_matches') }}
),

group_edges as {{ materialized_cte() }} (
    select distinct
        key_group_id,
        key_group_id as linked_group_id
    from key_groups
    union all
    select
        seeker_key_group_id as key_group_id,
        matched_key_group_id as linked_group_id
    from matches
    union all
    select
        matched_key_group_id as key_group_id,
        matched_key_group_id as linked_group_id
    from matches
),

{{ connected_component_ctes(
    'group_edges', 'key_group_id', 'linked_group_id', passes, 'group'
) }},

child_anchors as (
    select
        group_labels.label,
        substr(min(concat(
            {{ link_key_rank('key_groups.anchor_key') }},
            '|',
            key_groups.anchor_key
        )), 3) as anchor_key
    from group_labels
    inner join key_groups
        on group_labels.item = key_groups.key_group_id
    group by group_labels.label
),

shared_link_keys as (
    select link_key
    from record_keys
    group by link_key
    having count(*) > 1
),

-- The strongest key a record shares with another record of its group.
shared_keys as (
    select
        record_keys.record_id,
        min({{ link_key_rank('record_keys.link_key') }}) as shared_key_rank
    from record_keys
    inner join shared_link_keys
        on record_keys.link_key = shared_link_keys.link_key
    group by record_keys.record_id
),

-- The match that joined a group (as the seeker), else the best that
-- joined another group to it.
group_match_sides as (
    select
        seeker_key_group_id as key_group_id,
        link_stage,
        match_score,
        1 as preference
    from matches
    union all
    select
        matched_key_group_id as key_group_id,
        link_stage,
        match_score,
        2 as preference
    from matches
),

group_matches as (
    select
        key_group_id,
        link_stage,
        match_score
    from group_match_sides
    -- Of matches scoring alike, an exact one first (as the matches rank
    -- their pairs), then by stage: the same whatever order rows come in.
    qualify row_number() over (
        partition by key_group_id
        order by
            preference asc,
            match_score desc,
            link_stage = 'exact_name_and_birth_date' desc,
            link_stage asc
    ) = 1
),

linked as (
    select
        key_groups.record_id,
        key_groups.key_group_id,
        {{ pseudonym('CH', 'child_anchors.anchor_key') }} as child_id,
        case
            when
                group_matches.link_stage is not null
                and shared_keys.shared_key_rank is null
                then group_matches.link_stage
            when shared_keys.shared_key_rank = 1 then 'permanent_upn'
            when shared_keys.shared_key_rank = 2 then 'education_person_id'
            when shared_keys.shared_key_rank = 3 then 'social_care_person_id'
            when shared_keys.shared_key_rank = 4 then 'school_upn'
            when shared_keys.shared_key_rank = 5 then 'same_record'
            else 'single_record'
        end as link_stage,
        group_matches.match_score
    from key_groups
    inner join group_labels
        on key_groups.key_group_id = group_labels.item
    inner join child_anchors
        on group_labels.label = child_anchors.label
    left join shared_keys
        on key_groups.record_id = shared_keys.record_id
    left join group_matches
        on key_groups.key_group_id = group_matches.key_group_id
)

select * from linked
