-- Exclusions from the schools' census returns with the child each belongs
-- to, one row per landed line used (a line the census sent twice is held back
-- in staging as a duplicate row).
with

exclusions as (
    select * from {{ ref('stg_school_census__exclusions') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

linked as (
    select
        exclusions.exclusion_record_id as exclusion_id,
        links.child_id,
        exclusions.school_urn,
        exclusions.exclusion_category_code,
        exclusions.start_date,
        exclusions.sessions,
        exclusions.reason_1_code,
        exclusions.reason_2_code,
        exclusions.reason_3_code,
        exclusions.review_outcome
    from exclusions
    inner join links
        on exclusions.exclusion_record_id = links.record_id
)

select * from linked
