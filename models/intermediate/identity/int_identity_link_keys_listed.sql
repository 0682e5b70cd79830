-- The keys that can link a record (used in the marts) to the same child
-- elsewhere, one row per record and key: the UPN the register holds, the LA
-- person id, the exact name and date of birth, and the record itself (so
-- that a record with no other key is still a child of its own).
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
    where hold_back_rule is null
),

link_keys as (
    select
        record_id,
        source_table,
        concat('record:', record_id) as link_key
    from records

    union all

    select
        record_id,
        source_table,
        concat('upn:', upn) as link_key
    from records
    where upn is not null

    union all

    select
        record_id,
        source_table,
        concat('person:', la_person_id) as link_key
    from records
    where la_person_id is not null

    union all

    select
        record_id,
        source_table,
        concat('name:', name_key) as link_key
    from records
    where name_key is not null
)

select * from link_keys
