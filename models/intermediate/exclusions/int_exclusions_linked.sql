-- Exclusions from the schools' census returns with the child each belongs
-- to, one row per landed line used (a line the census sent twice is held back
-- in staging as a duplicate row).
with

exclusions as (
    {{ used_rows_with_child(
        'stg_school_census__exclusions', 'exclusion_record_id'
    ) }}
),

linked as (
    select
        exclusions.exclusion_record_id as exclusion_id,
        exclusions.child_id,
        exclusions.school_urn,
        exclusions.exclusion_category_code,
        exclusions.start_date,
        exclusions.sessions,
        exclusions.reason_1_code,
        exclusions.reason_2_code,
        exclusions.reason_3_code,
        exclusions.review_outcome
    from exclusions
)

select * from linked
