-- The data-quality page's linking table: for every register and stage, how
-- many records were linked to a child that way, and how many pairs wait for
-- a person's decision. Counts only; the links are in fct_identity_link.
with

links as (
    select * from {{ ref('fct_identity_link') }}
),

review as (
    select * from {{ ref('rpt_identity_review') }}
),

review_counts as (
    select
        seeker_source_table as source_table,
        cast(count(distinct seeker_key_group_id) as bigint) as groups_for_review
    from review
    group by seeker_source_table
),

stage_counts as (
    select
        source_table,
        link_stage,
        cast(count(*) as bigint) as record_count,
        cast(count(distinct child_id) as bigint) as child_count
    from links
    group by source_table, link_stage
),

summary as (
    select
        stage_counts.source_table,
        stage_counts.link_stage,
        stage_counts.record_count,
        stage_counts.child_count,
        coalesce(review_counts.groups_for_review, 0) as source_groups_for_review
    from stage_counts
    left join review_counts
        on stage_counts.source_table = review_counts.source_table
)

select * from summary
