-- The keys that tie a record (used in the marts) to the same child elsewhere
-- for certain, one row per record and key: a permanent UPN, the education
-- case system's person id, children's social care's person id, and a
-- temporary or mistyped UPN within the one school that holds it (never on its
-- own: two schools can give the same temporary UPN). Every record also has
-- its own key, the hash of its content, so that a record with no other key
-- is a group of its own (and keeps that key in the next extract).
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
    where hold_back_rule is null
),

link_keys as (
    select
        record_id,
        source_table,
        concat('record:', source_table, ':', record_hash) as link_key
    from records

    union all

    select
        record_id,
        source_table,
        concat('upn:', upn) as link_key
    from records
    where upn_status = 'permanent'

    union all

    select
        record_id,
        source_table,
        concat('education:', education_person_id) as link_key
    from records
    where education_person_id is not null

    union all

    select
        record_id,
        source_table,
        concat('social_care:', social_care_person_id) as link_key
    from records
    where social_care_person_id is not null

    union all

    select
        record_id,
        source_table,
        concat('school_upn:', school_urn, ':', upn) as link_key
    from records
    where
        upn_status in ('temporary', 'wrong_check_letter')
        and school_urn is not null
)

select * from link_keys
