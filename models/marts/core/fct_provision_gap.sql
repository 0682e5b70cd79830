-- Each interval in which a child of compulsory school age, living in the LA,
-- had or has no provision open (int_provision_gaps_found), within compulsory
-- school age: a gap reaching its end is cut there (its last day is still in
-- it). Its length counts school days (int_calendar_dates_described), to the
-- as-at date while open: the summer holiday between two schools is no gap.
with

gaps as (
    select * from {{ ref('int_provision_gaps_found') }}
),

children as (
    select * from {{ ref('dim_child') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

within_age as (
    select
        gaps.child_id,
        gaps.last_provision_type,
        greatest(gaps.gap_start_date, children.compulsory_school_age_start_date)
            as gap_start_date,
        case
            when
                children.compulsory_school_age_end_date
                < coalesce(gaps.gap_end_date, gaps.as_at_date)
                then children.compulsory_school_age_end_date
            else gaps.gap_end_date
        end as gap_end_date,
        case
            when
                children.compulsory_school_age_end_date
                < coalesce(gaps.gap_end_date, gaps.as_at_date)
                then 'compulsory_school_age_ended'
            else gaps.ended_by
        end as ended_by,
        gaps.as_at_date
    from gaps
    inner join children
        on gaps.child_id = children.child_id
),

-- School days from the first day to the last (or the as-at date): the
-- running index at the end less the index the day before the start.
counted as (
    select
        within_age.*,
        counted_to.school_day_index - before_start.school_day_index
            as school_days
    from within_age
    left join calendar_dates as counted_to
        on
            coalesce(within_age.gap_end_date, within_age.as_at_date)
            = counted_to.calendar_date
    left join calendar_dates as before_start
        on
            cast({{ dbt.dateadd(
                'day', -1, 'within_age.gap_start_date'
            ) }} as date) = before_start.calendar_date
    where
        within_age.gap_start_date
        <= coalesce(within_age.gap_end_date, within_age.as_at_date)
),

identified as (
    select
        concat(
            child_id, '|', cast(gap_start_date as {{ dbt.type_string() }})
        ) as provision_gap_id,
        child_id,
        last_provision_type,
        gap_start_date,
        gap_end_date,
        ended_by,
        as_at_date,
        school_days
    from counted
    where school_days is null or school_days > 0
)

select * from identified
