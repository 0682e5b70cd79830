-- Exclusions as DfE counts them for an LA's rates (exclusion statistics
-- methodology): not rescinded, lunchtime ones left out (fct_exclusion), and
-- only at the schools of the headcount (dim_school), so none at a pupil
-- referral unit or other AP, whose pupils are not in the headcount. Each
-- counts in the excluding school's phase and in the total.
with

exclusions as (
    select * from {{ ref('fct_exclusion') }}
    where is_counted
),

schools as (
    select * from {{ ref('dim_school') }}
    where is_counted_in_headcount
),

phased as (
    select
        exclusions.academic_year_start,
        exclusions.exclusion_type,
        exclusions.child_id,
        {{ unnest_values(['schools.education_phase', "'Total'"]) }}
            as education_phase
    from exclusions
    inner join schools
        on exclusions.school_urn = schools.school_urn
),

-- A pupil suspended more than once counts once among those suspended.
counted as (
    select
        academic_year_start,
        education_phase,
        count(case when exclusion_type = 'permanent' then 1 end)
            as permanent_exclusions,
        count(case when exclusion_type = 'suspension' then 1 end)
            as suspensions,
        count(
            distinct case when exclusion_type = 'suspension' then child_id end
        ) as one_or_more_suspensions
    from phased
    group by academic_year_start, education_phase
)

select * from counted
