-- Each interval in which a child of compulsory school age, living in the LA,
-- has no provision open. A child's spells (fct_provision_episode, every
-- kind) are merged where they touch or overlap; a gap runs from the day
-- after a merged spell ends to the first of: the day before the next begins,
-- the end of compulsory school age (its last day is still in it), the day
-- the child is known to have left the LA (int_la_departures_listed). A gap
-- with none of those by the current as-at date is open. Its length counts
-- school days (int_calendar_dates_described): the summer holiday between two
-- schools is no gap at all. A gap begins only after a spell: a child the LA
-- has never known in provision is for the CME registers to find.
with

spells as (
    select * from {{ ref('fct_provision_episode') }}
),

children as (
    select * from {{ ref('dim_child') }}
),

departures as (
    select * from {{ ref('int_la_departures_listed') }}
),

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
),

current_as_at as (
    select as_at_date from {{ ref('int_reporting_periods_listed') }}
    where period_type = 'current'
),

-- Spells by start; a spell begins a new merged spell when it starts after
-- every earlier spell of the child has ended (the day after counts as
-- touching).
spells_ordered as (
    select
        child_id,
        provision_type,
        start_date,
        coalesce(end_date, cast('9999-12-31' as date)) as end_date,
        max(coalesce(end_date, cast('9999-12-31' as date))) over (
            partition by child_id
            order by start_date, end_date
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from spells
    where start_date is not null
),

spells_numbered as (
    select
        *,
        sum(
            case
                when
                    covered_until is null
                    or start_date
                    > cast({{ dbt.dateadd('day', 1, 'covered_until') }} as date)
                    then 1
                else 0
            end
        ) over (
            partition by child_id
            order by start_date, end_date
            rows between unbounded preceding and current row
        ) as merged_spell_number
    from spells_ordered
),

merged_spells as (
    select
        child_id,
        min(start_date) as start_date,
        max(end_date) as end_date,
        arg_max(provision_type, end_date) as last_provision_type
    from spells_numbered
    group by child_id, merged_spell_number
),

merged_spells_with_next as (
    select
        *,
        lead(start_date) over (
            partition by child_id order by start_date
        ) as next_start_date
    from merged_spells
),

-- From the day after each merged spell that ends to the day before the next.
gaps_between_spells as (
    select
        child_id,
        last_provision_type,
        cast({{ dbt.dateadd('day', 1, 'end_date') }} as date)
            as gap_start_date,
        cast({{ dbt.dateadd('day', -1, 'next_start_date') }} as date)
            as next_spell_eve
    from merged_spells_with_next
    where end_date < cast('9999-12-31' as date)
),

-- The first departure from the LA on or after the day the spell ended.
gaps_with_departure as (
    select
        gaps.child_id,
        gaps.last_provision_type,
        gaps.gap_start_date,
        gaps.next_spell_eve,
        min(departures.departure_date) as departure_date
    from gaps_between_spells as gaps
    left join departures
        on
            gaps.child_id = departures.child_id
            and departures.departure_date
            >= cast({{ dbt.dateadd('day', -1, 'gaps.gap_start_date') }} as date)
            and (
                gaps.next_spell_eve is null
                or gaps.next_spell_eve >= departures.departure_date
            )
    group by
        gaps.child_id,
        gaps.last_provision_type,
        gaps.gap_start_date,
        gaps.next_spell_eve
),

-- Within compulsory school age and up to the current as-at date; the end
-- that comes first, and why.
bounded as (
    select
        gaps.child_id,
        gaps.last_provision_type,
        greatest(gaps.gap_start_date, children.compulsory_school_age_start_date)
            as gap_start_date,
        least(
            coalesce(gaps.next_spell_eve, cast('9999-12-31' as date)),
            coalesce(gaps.departure_date, cast('9999-12-31' as date)),
            children.compulsory_school_age_end_date
        ) as bounded_end_date,
        case
            when
                gaps.departure_date
                <= coalesce(gaps.next_spell_eve, cast('9999-12-31' as date))
                and gaps.departure_date
                <= children.compulsory_school_age_end_date
                then 'left_the_la'
            when
                gaps.next_spell_eve <= children.compulsory_school_age_end_date
                then 'provision_began'
            else 'compulsory_school_age_ended'
        end as ended_by,
        current_as_at.as_at_date
    from gaps_with_departure as gaps
    inner join children
        on gaps.child_id = children.child_id
    cross join current_as_at
),

in_view as (
    select
        child_id,
        last_provision_type,
        gap_start_date,
        case
            when bounded_end_date <= as_at_date then bounded_end_date
        end as gap_end_date,
        case when bounded_end_date <= as_at_date then ended_by end as ended_by,
        least(bounded_end_date, as_at_date) as counted_to_date,
        as_at_date
    from bounded
    where
        gap_start_date <= bounded_end_date
        and gap_start_date <= as_at_date
),

-- School days from the first day to the last (or the as-at date): the
-- running index at the end less the index the day before the start.
counted as (
    select
        in_view.*,
        counted_to.school_day_index - before_start.school_day_index
            as school_days
    from in_view
    left join calendar_dates as counted_to
        on in_view.counted_to_date = counted_to.calendar_date
    left join calendar_dates as before_start
        on
            cast({{ dbt.dateadd('day', -1, 'in_view.gap_start_date') }} as date)
            = before_start.calendar_date
)

select
    concat(child_id, '|', cast(gap_start_date as {{ dbt.type_string() }}))
        as provision_gap_id,
    child_id,
    last_provision_type,
    gap_start_date,
    gap_end_date,
    ended_by,
    as_at_date,
    school_days
from counted
where school_days is null or school_days > 0
