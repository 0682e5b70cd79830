-- The as-at dates the reports are made for: the end (31 August) of every
-- academic year from var first_reported_academic_year that has ended by the
-- current date, then the current date itself. The current date is var
-- current_as_at_date or, if that is empty, the date every register behind
-- the indicators has been extracted to (the earliest of their latest
-- extract dates).
with

landed_files as (
    select * from {{ ref('stg_landing__landed_files') }}
),

term_dates as (
    select * from {{ ref('term_dates') }}
),

-- The registers behind the indicators and the roll they are read against.
latest_extracts as (
    select max(extract_date) as latest_extract_date
    from landed_files
    where
        source_table in (
            'pupil_roll',
            'ehe_register',
            'cme_referrals',
            'rep_notifications',
            'medical_cases'
        )
    group by source_table
),

-- One row: the var when it is set (not one row per register), else the
-- earliest of the latest extract dates.
current_as_at as (
    {%- if var('current_as_at_date') %}
    select cast('{{ var("current_as_at_date") }}' as date) as as_at_date
    {%- else %}
    select min(latest_extract_date) as as_at_date
    from latest_extracts
    {%- endif %}
),

academic_years as (
    select distinct
        cast(substr(academic_year, 1, 4) as integer)
            as academic_year_start
    from term_dates
),

end_of_year_periods as (
    select
        concat(
            cast(
                academic_years.academic_year_start as {{ dbt.type_string() }}
            ),
            '-',
            lpad(
                cast(
                    (academic_years.academic_year_start + 1) % 100
                    as {{ dbt.type_string() }}
                ),
                2,
                '0'
            )
        ) as period_label,
        'end_of_year' as period_type,
        {{ date_from_parts(
            'academic_years.academic_year_start + 1', 8, 31
        ) }} as as_at_date
    from academic_years
    cross join current_as_at
    where
        academic_years.academic_year_start
        >= {{ var('first_reported_academic_year') }}
        and {{ date_from_parts(
            'academic_years.academic_year_start + 1', 8, 31
        ) }} < current_as_at.as_at_date
),

current_period as (
    select
        'Current' as period_label,
        'current' as period_type,
        as_at_date
    from current_as_at
),

periods as (
    select * from end_of_year_periods
    union all
    select * from current_period
)

select * from periods
