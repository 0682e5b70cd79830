-- One row per date of the academic years in the term-date seed (from the
-- August before the first): the academic year (September to August: age,
-- national curriculum year, snapshots), DfE's statistical year and census
-- term (August to July: exclusions, attendance, returns), school days
-- (weekdays inside the LA's terms that are not bank holidays) and their
-- running index, INSET days and the census days. Every model that gives a
-- date its year or term reads it here; dim_calendar publishes it.
{%- set bounds_query %}
    select
        min(first_day) as first_day,
        max(last_day) as last_day
    from {{ ref('term_dates') }}
{%- endset %}
{#- At parse time, or where the seed is not built yet (`dbt compile` or
    SQLFluff on an empty database), a placeholder year keeps the SQL valid. -#}
{%- set first_year, last_year = 2000, 2000 %}
{%- if execute and load_relation(ref('term_dates')) is not none %}
    {%- set bounds = run_query(bounds_query).rows[0] %}
    {%- set first_year = bounds[0].year if bounds[0].month >= 9
        else bounds[0].year - 1 %}
    {%- set last_year = bounds[1].year if bounds[1].month >= 9
        else bounds[1].year - 1 %}
{%- endif %}

with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ first_year ~ "-08-01' as date)",
        "cast('" ~ (last_year + 1) ~ "-09-01' as date)"
    ) }}
),

term_dates as (
    select * from {{ ref('term_dates') }}
),

bank_holidays as (
    select * from {{ ref('bank_holidays') }}
),

census_dates as (
    select * from {{ ref('census_dates') }}
),

inset_days as (
    select * from {{ ref('inset_days') }}
),

-- Easter Sunday (two days after Good Friday) splits the spring and summer
-- census terms.
easter_sundays as (
    select
        extract(year from holiday_date) as calendar_year,
        cast({{ dbt.dateadd('day', 2, 'holiday_date') }} as date)
            as easter_sunday
    from bank_holidays
    where holiday_name = 'Good Friday'
),

dated as (
    select
        cast(days.date_day as date) as calendar_date,
        {{ academic_year_start('days.date_day') }} as academic_year_start,
        {{ statistical_year_start('days.date_day') }}
            as statistical_year_start
    from days
),

described as (
    select
        dated.calendar_date,
        dated.academic_year_start,
        {{ academic_year_name('dated.academic_year_start') }} as academic_year,
        dated.statistical_year_start,
        {{ academic_year_name('dated.statistical_year_start') }}
            as statistical_year,
        -- DfE census terms of the statistical year: autumn 1 Aug-31 Dec,
        -- spring 1 Jan-Easter Sunday, summer Easter Monday-31 Jul (DfE pupil
        -- absence methodology).
        case
            when extract(month from dated.calendar_date) >= 8 then 'autumn'
            when dated.calendar_date <= easter_sundays.easter_sunday
                then 'spring'
            else 'summer'
        end as census_term,
        term_dates.term as school_term,
        term_dates.half_term,
        bank_holidays.holiday_name as bank_holiday_name,
        {{ iso_day_of_week("dated.calendar_date") }} >= 6 as is_weekend,
        census_dates.census_term is not null as is_census_date,
        inset_days.inset_date is not null as is_inset_day,
        (
            term_dates.half_term is not null
            and {{ iso_day_of_week("dated.calendar_date") }} < 6
            and bank_holidays.holiday_date is null
        ) as is_school_day
    from dated
    left join easter_sundays
        on
            extract(year from dated.calendar_date)
            = easter_sundays.calendar_year
    left join term_dates
        on
            dated.calendar_date
            between term_dates.first_day and term_dates.last_day
    left join bank_holidays
        on dated.calendar_date = bank_holidays.holiday_date
    left join census_dates
        on dated.calendar_date = census_dates.census_date
    left join inset_days
        on dated.calendar_date = inset_days.inset_date
),

indexed as (
    select
        *,
        cast(sum(case when is_school_day then 1 else 0 end) over (
            order by calendar_date
            rows between unbounded preceding and current row
        ) as integer) as school_day_index
    from described
)

select * from indexed
