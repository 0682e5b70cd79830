-- Children of interest (committee report 4.2): permanently excluded. One row
-- per as-at date and permanent exclusion, not rescinded, in the academic
-- year to the date (int_interest_exclusions_in_year_listed).
with

exclusions as (
    select * from {{ ref('int_interest_exclusions_in_year_listed') }}
),

flags as (
    select
        period_label,
        as_at_date,
        child_id,
        'permanently_excluded' as interest_flag,
        exclusion_id as source_id
    from exclusions
    where exclusion_type = 'permanent'
)

select * from flags
