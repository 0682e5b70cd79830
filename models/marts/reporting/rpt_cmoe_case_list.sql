-- The CMOE sub-groups' case lists (committee report 3.2 and 3.3): on each
-- of the cohort's as-at dates (rpt_cmoe_cohort: year ends, the current date
-- and the 52 weeks before it), one row per child and priority, with the
-- child's reasons, since when, the school days since then, the cases open
-- and who holds them, and the last thing a register says about the child.
-- The five priorities (cmoe_priorities seed), a reason's from its kind:
--   reduced_timetables  a reduced timetable past review or planned end;
--   exclusions          out of provision or in part-time AP or EOTAS since
--                       a permanent exclusion (not rescinded), with no new
--                       school registration between the two;
--   cme_and_ehe         CME, home education and other no provision;
--   eotas               other part-time AP or EOTAS;
--   social_worker       every reason of a child with a child in need, child
--                       protection or looked after episode open on the date
--                       (also listed under the reason's own priority).
with

cohort as (
    select * from {{ ref('rpt_cmoe_cohort') }}
),

events as (
    select * from {{ ref('fct_child_event') }}
),

open_cases as (
    select * from {{ ref('int_cmoe_open_cases_listed') }}
),

priorities as (
    select * from {{ ref('cmoe_priorities') }}
),

calendar_dates as (
    select * from {{ ref('dim_calendar') }}
),

-- For a reason that can follow an exclusion, the child's latest permanent
-- exclusion or school place up to the day it began (a place taken the day
-- of the exclusion comes after it); every other reason has none.
latest_exclusion_or_place as (
    select
        cohort.*,
        events.event_code as exclusion_or_place,
        row_number() over (
            partition by cohort.cmoe_cohort_member_id
            order by events.event_date desc, events.event_code desc
        ) as recency
    from cohort
    left join events
        on
            cohort.child_id = events.child_id
            and cohort.reason_start_date >= events.event_date
            and events.event_code in ('permanent_exclusion', 'school_entry')
            and cohort.cmoe_reason in ('no_provision', 'part_time_provision')
),

-- Each child's open cases on the date, by the service that holds them.
cases_by_owner as (
    select
        period_label,
        child_id,
        case_owner,
        {{ dbt.listagg('case_id', "', '", 'order by case_id') }} as case_ids,
        count(*) as case_count,
        max(
            case when case_type in ('cin', 'cp', 'cla') then 1 else 0 end
        ) as social_care_open
    from open_cases
    group by period_label, child_id, case_owner
),

cases_by_child as (
    select
        period_label,
        child_id,
        {{ dbt.listagg(
            "concat(case_owner, ': ', case_ids)", "'; '",
            'order by case_owner'
        ) }} as open_cases,
        {{ dbt.listagg('case_owner', "', '", 'order by case_owner') }}
            as open_case_owners,
        cast(sum(case_count) as integer) as open_case_count,
        max(social_care_open) = 1 as has_social_worker
    from cases_by_owner
    group by period_label, child_id
),

reasons_prioritised as (
    select
        reasons.period_label,
        reasons.period_type,
        reasons.as_at_date,
        reasons.child_id,
        reasons.cmoe_reason,
        reasons.reason_start_date,
        case
            when reasons.exclusion_or_place = 'permanent_exclusion'
                then 'exclusions'
            when
                reasons.cmoe_reason
                in ('rep_past_review', 'rep_past_planned_end')
                then 'reduced_timetables'
            when reasons.cmoe_reason = 'part_time_provision' then 'eotas'
            else 'cme_and_ehe'
        end as priority_code,
        coalesce(cases_by_child.has_social_worker, false)
            as has_social_worker,
        coalesce(cases_by_child.open_case_count, 0) as open_case_count,
        cases_by_child.open_cases,
        cases_by_child.open_case_owners
    from latest_exclusion_or_place as reasons
    left join cases_by_child
        on
            reasons.period_label = cases_by_child.period_label
            and reasons.child_id = cases_by_child.child_id
    where reasons.recency = 1
),

-- A child with a social worker is also on that list, with every reason.
priority_reasons as (
    select * from reasons_prioritised
    union all
    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        cmoe_reason,
        reason_start_date,
        'social_worker' as priority_code,
        has_social_worker,
        open_case_count,
        open_cases,
        open_case_owners
    from reasons_prioritised
    where has_social_worker
),

entries as (
    select
        period_label,
        period_type,
        as_at_date,
        child_id,
        priority_code,
        {{ dbt.listagg('cmoe_reason', "', '", 'order by cmoe_reason') }}
            as cmoe_reasons,
        cast(count(*) as integer) as reason_count,
        min(reason_start_date) as since_date,
        open_case_count,
        open_cases,
        open_case_owners,
        has_social_worker
    from priority_reasons
    -- The open cases are the child's on the date, the same on every reason.
    group by
        period_label,
        period_type,
        as_at_date,
        child_id,
        priority_code,
        open_case_count,
        open_cases,
        open_case_owners,
        has_social_worker
),

listed_children as (
    select distinct
        period_label,
        as_at_date,
        child_id
    from cohort
),

-- The latest thing any register says about each listed child by the date
-- (on one day, in order of the event's code and record).
events_to_date as (
    select
        listed_children.period_label,
        listed_children.child_id,
        events.event_date,
        events.event_code,
        events.source_table,
        row_number() over (
            partition by listed_children.period_label, listed_children.child_id
            order by
                events.event_date desc,
                events.event_code asc,
                events.source_id asc
        ) as recency
    from listed_children
    inner join events
        on
            listed_children.child_id = events.child_id
            and listed_children.as_at_date >= events.event_date
),

-- School days from the first day of the earliest reason to the date, both
-- counted: the date's running index less the index of the day before.
listed as (
    select
        concat_ws(
            '|', entries.period_label, entries.child_id, entries.priority_code
        ) as case_list_entry_id,
        entries.period_label,
        entries.period_type,
        entries.as_at_date,
        entries.child_id,
        entries.priority_code,
        priorities.priority_name,
        priorities.priority_short_name,
        priorities.display_order as priority_order,
        entries.cmoe_reasons,
        entries.reason_count,
        entries.since_date,
        cast(
            at_date.school_day_index
            - coalesce(before_since.school_day_index, 0) as integer
        ) as school_days_stuck,
        entries.open_case_count,
        entries.open_cases,
        entries.open_case_owners,
        entries.has_social_worker,
        events_to_date.event_date as last_event_date,
        events_to_date.event_code as last_event,
        events_to_date.source_table as last_event_source
    from entries
    inner join priorities
        on entries.priority_code = priorities.priority_code
    left join events_to_date
        on
            entries.period_label = events_to_date.period_label
            and entries.child_id = events_to_date.child_id
            and events_to_date.recency = 1
    left join calendar_dates as at_date
        on entries.as_at_date = at_date.calendar_date
    left join calendar_dates as before_since
        on
            cast({{ dbt.dateadd('day', -1, 'entries.since_date') }} as date)
            = before_since.calendar_date
)

select * from listed
