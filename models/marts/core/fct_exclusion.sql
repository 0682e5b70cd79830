-- One row per exclusion event (suspension, permanent or lunchtime), once
-- each whichever source or sources sent it (int_exclusions_deduplicated),
-- with the academic year it counts in (by its start) and whether it was
-- rescinded (the pupil reinstated on review): rescinded ones are kept and
-- flagged, and left out of the counts.
with

exclusions as (
    select * from {{ ref('int_exclusions_deduplicated') }}
),

categories as (
    select * from {{ ref('exclusion_categories') }}
),

dated as (
    select
        exclusions.*,
        {{ academic_year_start('exclusions.start_date') }}
            as academic_year_start,
        coalesce(exclusions.review_outcome = 'REINSTATED', false)
            as is_rescinded
    from exclusions
),

described as (
    select
        dated.exclusion_id,
        dated.source_table,
        dated.source_record_count,
        dated.child_id,
        dated.school_urn,
        dated.exclusion_category_code,
        categories.exclusion_type,
        dated.start_date,
        dated.academic_year_start,
        {{ academic_year_name('dated.academic_year_start') }} as academic_year,
        dated.sessions,
        dated.reason_1_code,
        dated.reason_2_code,
        dated.reason_3_code,
        dated.review_outcome,
        dated.is_rescinded,
        (
            coalesce(categories.is_counted_in_statistics, false)
            and not dated.is_rescinded
        ) as is_counted
    from dated
    left join categories
        on dated.exclusion_category_code = categories.exclusion_category_code
)

select * from described
