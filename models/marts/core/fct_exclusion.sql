-- One row per exclusion event (suspension, permanent or lunchtime), once
-- each whichever source or sources sent it (int_exclusions_deduplicated),
-- with the year and census term it counts in (by its start, in DfE's
-- statistical year: int_calendar_dates_described) and whether it was
-- rescinded (the pupil reinstated on review): rescinded ones are kept and
-- flagged, and left out of the counts.
with

exclusions as (
    select * from {{ ref('int_exclusions_deduplicated') }}
),

categories as (
    select * from {{ ref('exclusion_categories') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

dated as (
    select
        exclusions.*,
        calendar_dates.statistical_year_start as academic_year_start,
        calendar_dates.statistical_year as academic_year,
        calendar_dates.census_term,
        coalesce(exclusions.review_outcome = 'REINSTATED', false)
            as is_rescinded
    from exclusions
    left join calendar_dates
        on exclusions.start_date = calendar_dates.calendar_date
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
        dated.academic_year,
        dated.census_term,
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
