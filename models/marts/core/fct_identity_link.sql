-- Every landed record that names a child, with the child it was linked to,
-- the stage that linked it and the match score where a match did: what the
-- identity review and the linking measurements read. No names.
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

identity_links as (
    select
        records.record_id,
        records.source_table,
        records.source_file,
        records.source_line,
        records.upn_status,
        links.child_id,
        links.key_group_id,
        links.link_stage,
        links.match_score
    from records
    inner join links
        on records.record_id = links.record_id
)

select * from identity_links
