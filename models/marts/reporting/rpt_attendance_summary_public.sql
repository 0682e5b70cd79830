-- The LA's attendance by year, phase and national curriculum year for the
-- public tier. A year group at special schools can be a handful of pupils:
-- the counts of registrations (pupils) are rounded and suppressed as DfE
-- publishes LA figures (round_and_suppress, to var
-- suppression_rounding_base), and the absence rates, per 100 possible
-- sessions, are shown only for a group of at least that many pupils
-- (group_rate), so that no rate is one child's attendance. Persistent and
-- severe absence per 100 pupils are worked out from the published counts.
with

attendance as (
    select * from {{ ref('rpt_attendance_summary') }}
),

published as (
    select
        time_period,
        period_end_date,
        is_year_to_date,
        education_phase,
        ncyear,
        {{ round_and_suppress('total_enrolments') }} as total_enrolments,
        {{ round_and_suppress('enrolments_pa_10_exact') }}
            as persistent_absentees,
        {{ round_and_suppress('enrolments_pa_50_exact') }}
            as severe_absentees,
        {{ group_rate(
            'overall_absence', 'possible_sessions', 'total_enrolments'
        ) }} as overall_absence_per_100,
        {{ group_rate(
            'authorised_absence', 'possible_sessions', 'total_enrolments'
        ) }} as authorised_absence_per_100,
        {{ group_rate(
            'unauthorised_absence', 'possible_sessions', 'total_enrolments'
        ) }} as unauthorised_absence_per_100,
        {{ published_rate('enrolments_pa_10_exact', 'total_enrolments') }}
            as persistent_absentees_per_100,
        {{ published_rate('enrolments_pa_50_exact', 'total_enrolments') }}
            as severe_absentees_per_100
    from attendance
)

select * from published
