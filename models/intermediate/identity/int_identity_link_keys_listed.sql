-- The keys that tie a record (used in the marts) to the same child elsewhere
-- for certain, one row per record and key: a permanent UPN, the education
-- case system's person id, children's social care's person id, and a
-- temporary or mistyped UPN within the one school that holds it (never on its
-- own: two schools can give the same temporary UPN), and a census
-- exclusion without a UPN, placed on the one pupil its school held without a
-- UPN that day. Every record also has
-- its own key, the hash of its content, so that a record with no other key
-- is a group of its own (and keeps that key in the next extract).
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
    where hold_back_rule is null
),

-- Pupils a school holds without a UPN, and its census exclusions that give
-- none: an exclusion starting while only one such pupil is on the school's
-- roll can only be theirs.
pupils_without_upn as (
    select
        school_urn,
        name_key,
        recorded_date as entry_date,
        recorded_end_date as leaving_date
    from records
    where
        source_table = 'pupil_roll'
        and upn_status = 'missing'
        and name_key is not null
),

exclusions_placed as (
    select
        exclusions.record_id,
        exclusions.source_table,
        exclusions.school_urn,
        min(pupils_without_upn.name_key) as name_key
    from records as exclusions
    inner join pupils_without_upn
        on
            exclusions.school_urn = pupils_without_upn.school_urn
            and exclusions.recorded_date >= pupils_without_upn.entry_date
            and (
                pupils_without_upn.leaving_date is null
                or exclusions.recorded_date <= pupils_without_upn.leaving_date
            )
    where
        exclusions.source_table = 'exclusions'
        and exclusions.upn_status = 'missing'
    group by
        exclusions.record_id, exclusions.source_table, exclusions.school_urn
    having count(distinct pupils_without_upn.name_key) = 1
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

    union all

    select
        record_id,
        source_table,
        concat('school_without_upn:', school_urn, ':', name_key) as link_key
    from records
    where
        source_table = 'pupil_roll'
        and upn_status = 'missing'
        and name_key is not null

    union all

    select
        record_id,
        source_table,
        concat('school_without_upn:', school_urn, ':', name_key) as link_key
    from exclusions_placed
)

select * from link_keys
