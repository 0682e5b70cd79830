-- One row per exclusion event (suspension, permanent or lunchtime), once
-- each, with the academic year it counts in (by its start) and whether it
-- was rescinded (the pupil reinstated on review): rescinded ones are kept and
-- flagged, and left out of the counts.
with

exclusions as (
    select * from {{ ref('int_exclusions_linked') }}
),

categories as (
    select * from {{ ref('exclusion_categories') }}
),

described as (
    select
        exclusions.exclusion_id,
        exclusions.child_id,
        exclusions.school_urn,
        exclusions.exclusion_category_code,
        categories.exclusion_type,
        exclusions.start_date,
        {{ academic_year_start('exclusions.start_date') }}
            as academic_year_start,
        {{ academic_year_name(academic_year_start('exclusions.start_date')) }}
            as academic_year,
        exclusions.sessions,
        exclusions.reason_1_code,
        exclusions.reason_2_code,
        exclusions.reason_3_code,
        exclusions.review_outcome,
        coalesce(exclusions.review_outcome = 'REINSTATED', false)
            as is_rescinded,
        (
            coalesce(categories.is_counted_in_statistics, false)
            and not coalesce(exclusions.review_outcome = 'REINSTATED', false)
        ) as is_counted
    from exclusions
    left join categories
        on
            exclusions.exclusion_category_code
            = categories.exclusion_category_code
)

select * from described
