-- Every dated thing a register says about a child, one row per event: a
-- school registration begun or ended (pupil roll), a case opened or closed
-- and an EHE suitability assessment (EHE, CME, REP, medical needs), an AP
-- or EOTAS placement begun or ended, an exclusion (rescinded ones named
-- so), a social care episode begun or ended, an attendance threshold
-- crossed. The CMOE case list shows each child's latest, and reads a
-- permanent exclusion against the next school registration.
with

enrolments as (
    select * from {{ ref('fct_enrolment') }}
),

cases as (
    select * from {{ ref('fct_case') }}
),

placements as (
    select * from {{ ref('int_placements_linked') }}
),

exclusions as (
    select * from {{ ref('fct_exclusion') }}
),

social_care_episodes as (
    select * from {{ ref('int_social_care_episodes_linked') }}
),

crossings as (
    select * from {{ ref('int_attendance_thresholds_crossed') }}
),

-- A main registration is a school place; a subsidiary one (dual) is not.
registration_events as (
    select
        child_id,
        entry_date as event_date,
        case
            when is_main_registration then 'school_entry'
            else 'dual_registration_entry'
        end as event_code,
        'pupil_roll' as source_table,
        enrolment_id as source_id
    from enrolments
    union all
    select
        child_id,
        leaving_date as event_date,
        case
            when is_main_registration then 'school_leaving'
            else 'dual_registration_leaving'
        end as event_code,
        'pupil_roll' as source_table,
        enrolment_id as source_id
    from enrolments
),

case_events as (
    select
        child_id,
        opened_date as event_date,
        concat(case_type, '_opened') as event_code,
        source_table,
        case_id as source_id
    from cases
    union all
    select
        child_id,
        closed_date as event_date,
        concat(case_type, '_closed') as event_code,
        source_table,
        case_id as source_id
    from cases
    union all
    select
        child_id,
        suitability_date as event_date,
        'ehe_assessed' as event_code,
        source_table,
        case_id as source_id
    from cases
    where case_type = 'ehe'
),

placement_events as (
    select
        child_id,
        placement_start_date as event_date,
        concat(provision_type, '_started') as event_code,
        'ap_placements' as source_table,
        placement_record_id as source_id
    from placements
    union all
    select
        child_id,
        placement_end_date as event_date,
        concat(provision_type, '_ended') as event_code,
        'ap_placements' as source_table,
        placement_record_id as source_id
    from placements
),

exclusion_events as (
    select
        child_id,
        start_date as event_date,
        concat(
            case when is_rescinded then 'rescinded_' else '' end,
            coalesce(exclusion_type, 'unknown'),
            '_exclusion'
        ) as event_code,
        source_table,
        exclusion_id as source_id
    from exclusions
),

social_care_events as (
    select
        child_id,
        episode_start_date as event_date,
        concat(lower(episode_type), '_started') as event_code,
        'social_care_episodes' as source_table,
        social_care_record_id as source_id
    from social_care_episodes
    union all
    select
        child_id,
        episode_end_date as event_date,
        concat(lower(episode_type), '_ended') as event_code,
        'social_care_episodes' as source_table,
        social_care_record_id as source_id
    from social_care_episodes
),

attendance_events as (
    select
        child_id,
        crossing_date as event_date,
        concat(trigger_code, '_crossed') as event_code,
        'session_marks' as source_table,
        attendance_trigger_id as source_id
    from crossings
),

events as (
    select * from registration_events
    union all
    select * from case_events
    union all
    select * from placement_events
    union all
    select * from exclusion_events
    union all
    select * from social_care_events
    union all
    select * from attendance_events
),

identified as (
    select
        concat(event_code, '|', source_id) as child_event_id,
        child_id,
        event_date,
        event_code,
        source_table,
        source_id
    from events
    where event_date is not null and child_id is not null
)

select * from identified
