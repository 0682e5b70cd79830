-- The cases and episodes open for each child on each of the CMOE cohort's
-- as-at dates (int_cmoe_as_at_dates_listed), with the service that holds
-- each (case_owners seed): an EHE, CME, REP or medical needs case, an AP or
-- EOTAS placement, a child in need, child protection or looked after
-- episode (an open one means a social worker). Dates inclusive.
with

as_at_dates as (
    select * from {{ ref('int_cmoe_as_at_dates_listed') }}
),

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

placements as (
    select * from {{ ref('int_placements_linked') }}
),

social_care_episodes as (
    select * from {{ ref('int_social_care_episodes_linked') }}
),

owners as (
    select * from {{ ref('case_owners') }}
),

all_cases as (
    select
        child_id,
        case_type,
        case_id,
        opened_date,
        closed_date
    from cases
    union all
    select
        child_id,
        provision_type as case_type,
        {{ reference_id('PLACEMENT-', 'placement_id', 'placement_record_id') }}
            as case_id,
        placement_start_date as opened_date,
        placement_end_date as closed_date
    from placements
    union all
    select
        child_id,
        lower(episode_type) as case_type,
        concat(episode_type, '-', social_care_record_id) as case_id,
        episode_start_date as opened_date,
        episode_end_date as closed_date
    from social_care_episodes
),

open_cases as (
    select
        as_at_dates.period_label,
        as_at_dates.as_at_date,
        all_cases.child_id,
        all_cases.case_type,
        all_cases.case_id,
        owners.case_owner,
        all_cases.opened_date
    from all_cases
    inner join as_at_dates
        on {{ is_open_on(
            'all_cases.opened_date',
            'all_cases.closed_date',
            'as_at_dates.as_at_date'
        ) }}
    left join owners
        on all_cases.case_type = owners.case_type
)

select * from open_cases
