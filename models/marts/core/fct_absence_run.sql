-- One row per run of consecutive possible sessions of one class of absence
-- codes at one school (int_absence_runs_found): unexplained absence (N, O)
-- and the deletion run (G, N, O), with its length in school days.
with

runs as (
    select * from {{ ref('int_absence_runs_found') }}
),

published as (
    select
        absence_run_id,
        child_id,
        enrolment_id,
        school_urn,
        absence_class,
        first_absence_date,
        first_session_name,
        last_absence_date,
        last_session_name,
        absence_sessions,
        length_school_days,
        is_ongoing
    from runs
)

select * from published
