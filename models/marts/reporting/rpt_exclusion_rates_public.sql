-- Exclusions by academic year and phase for the public tier: the counts of
-- rpt_exclusion_rates rounded and suppressed as DfE publishes LA figures
-- (round_and_suppress: to var suppression_rounding_base, 'low' for 1 to 4
-- pupils), and the rates per 100 pupils worked out from those published
-- figures, so that no rate gives back a count the rounding hid.
with

exclusion_rates as (
    select * from {{ ref('rpt_exclusion_rates') }}
),

published as (
    select
        academic_year,
        academic_year_start,
        education_phase,
        {{ round_and_suppress('permanent_exclusions') }}
            as permanent_exclusions,
        {{ round_and_suppress('suspensions') }} as suspensions,
        {{ round_and_suppress('one_or_more_suspensions') }}
            as one_or_more_suspensions,
        january_census_date,
        {{ round_and_suppress('january_headcount') }} as january_headcount,
        {{ published_rate('permanent_exclusions', 'january_headcount') }}
            as permanent_exclusions_per_100,
        {{ published_rate('suspensions', 'january_headcount') }}
            as suspensions_per_100,
        {{ published_rate('one_or_more_suspensions', 'january_headcount') }}
            as one_or_more_suspensions_per_100,
        is_complete_year
    from exclusion_rates
)

select * from published
