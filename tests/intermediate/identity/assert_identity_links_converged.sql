-- Identity linking converged: records sharing a UPN, LA person id or name and
-- date of birth are one child (int_identity_records_linked).

-- A link key shared by records of two child_ids means var
-- identity_link_passes was too small for the longest chain of linked records.
with

record_keys as (
    select * from {{ ref('int_identity_link_keys_listed') }}
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

key_children as (
    select
        record_keys.link_key,
        count(distinct links.child_id) as child_count,
        min(links.child_id) as first_child_id,
        max(links.child_id) as last_child_id
    from record_keys
    inner join links
        on record_keys.record_id = links.record_id
    group by record_keys.link_key
),

failures as (
    select *
    from key_children
    where child_count > 1
)

select * from failures
