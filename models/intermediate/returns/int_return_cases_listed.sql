-- The EHE and CME cases DfE's termly return counts: for each census date,
-- every case open on some day from 1 September to the census date on which
-- its child was of compulsory school age, with what the tables count of it.
-- On the census day an EHE child counts only while resident: no register
-- says they left the LA between the case's start and the census date.
with

census_dates as (
    select * from {{ ref('int_census_dates_listed') }}
),

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
    where case_type in ('ehe', 'cme')
),

children as (
    select * from {{ ref('dim_child') }}
),

departures as (
    select * from {{ ref('int_la_departures_listed') }}
),

ehe_end_reasons as (
    select * from {{ ref('ehe_end_reasons') }}
),

in_year as (
    select
        census_dates.academic_year,
        census_dates.census_term,
        census_dates.census_date,
        census_dates.year_start_date,
        cases.case_id,
        cases.case_type,
        cases.child_id,
        cases.opened_date,
        cases.closed_date,
        cases.reason_code,
        cases.outcome_code,
        cases.school_urn,
        cases.s437_notice_date,
        cases.sao_issued_date,
        cases.sao_revoked_date,
        children.sex,
        children.date_of_birth,
        {{ of_compulsory_school_age_on('census_dates.census_date') }}
            as is_of_age_on_census_day
    from census_dates
    inner join cases
        on census_dates.census_date >= cases.opened_date
    inner join children
        on cases.child_id = children.child_id
    where
        greatest(
            cases.opened_date,
            census_dates.year_start_date,
            children.compulsory_school_age_start_date
        )
        <= least(
            coalesce(cases.closed_date, census_dates.census_date),
            census_dates.census_date,
            children.compulsory_school_age_end_date
        )
),

departed as (
    select distinct
        in_year.census_date,
        in_year.case_id
    from in_year
    inner join departures
        on
            in_year.child_id = departures.child_id
            and in_year.opened_date <= departures.departure_date
            and in_year.census_date > departures.departure_date
),

flagged as (
    select
        in_year.* {{ star_except() }} (in_year.is_of_age_on_census_day),
        {{ is_open_on(
            'in_year.opened_date', 'in_year.closed_date', 'in_year.census_date'
        ) }}
        and in_year.is_of_age_on_census_day
        and (in_year.case_type = 'cme' or departed.case_id is null)
            as is_on_census_day,
        in_year.opened_date >= in_year.year_start_date as is_started_in_year,
        coalesce(
            in_year.closed_date
            between in_year.year_start_date and in_year.census_date
            and ehe_end_reasons.is_return_to_education,
            false
        ) as is_returned_to_school_in_year,
        coalesce(
            in_year.s437_notice_date
            between in_year.year_start_date and in_year.census_date,
            false
        ) as has_s437_notice_in_year,
        coalesce(
            in_year.sao_issued_date
            between in_year.year_start_date and in_year.census_date,
            false
        ) as has_sao_issued_in_year,
        coalesce(
            in_year.sao_revoked_date
            between in_year.year_start_date and in_year.census_date,
            false
        ) as has_sao_revoked_in_year
    from in_year
    left join departed
        on
            in_year.census_date = departed.census_date
            and in_year.case_id = departed.case_id
    left join ehe_end_reasons
        on
            in_year.case_type = 'ehe'
            and in_year.outcome_code = ehe_end_reasons.ehe_end_reason_code
)

select * from flagged
