-- Children of interest (committee report 4.2): no school place, or waiting
-- for one. A provision gap (fct_provision_gap: of compulsory school age,
-- living in the LA, no school registration, AP, EOTAS, EHE or medical
-- provision open) open on an as-at date of the reports; a gap still open
-- runs to the current date.
with

gaps as (
    select * from {{ ref('fct_provision_gap') }}
),

periods as (
    select * from {{ ref('int_reporting_periods_listed') }}
),

flags as (
    select
        periods.period_label,
        periods.as_at_date,
        gaps.child_id,
        'no_school_place' as interest_flag,
        gaps.provision_gap_id as source_id
    from gaps
    inner join periods
        on {{ is_open_on(
            'gaps.gap_start_date', 'gaps.gap_end_date', 'periods.as_at_date'
        ) }}
)

select * from flags
