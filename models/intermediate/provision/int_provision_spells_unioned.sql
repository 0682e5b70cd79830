-- One row per spell of education provision of any kind, from every
-- register: a school registration (single, main or subsidiary dual), an
-- alternative provision or EOTAS placement, elective home education, or
-- medical (section 19) and hospital education. A reduced timetable is not a
-- provision of its own: it marks the school registration it was agreed under.
-- Each spell keeps the landed row it came from (source_record_id), so that a
-- check of spells can name the file and line.
with

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

placements as (
    select * from {{ ref('int_placements_linked') }}
),

ehe_cases as (
    select * from {{ ref('int_cases_deduplicated') }}
    where case_type = 'ehe'
),

medical_cases as (
    select * from {{ ref('int_cases_deduplicated') }}
    where case_type = 'medical'
),

rep_cases as (
    select * from {{ ref('int_cases_deduplicated') }}
    where case_type = 'rep'
),

medical_provision_types as (
    select * from {{ ref('medical_provision_types') }}
),

reduced_registrations as (
    select distinct registrations.enrolment_record_id
    from registrations
    inner join rep_cases
        on
            registrations.child_id = rep_cases.child_id
            and registrations.school_urn = rep_cases.school_urn
            and rep_cases.opened_date
            <= coalesce(registrations.leaving_date, rep_cases.opened_date)
            and registrations.entry_date
            <= coalesce(rep_cases.closed_date, registrations.entry_date)
),

school_spells as (
    select
        registrations.enrolment_record_id as provision_episode_id,
        registrations.child_id,
        case
            when registrations.is_main_registration then 'school'
            else 'dual_registration'
        end as provision_type,
        registrations.school_urn as provider_urn,
        registrations.entry_date as start_date,
        registrations.leaving_date as end_date,
        cast(null as decimal(6, 2)) as hours_per_week,
        reduced_registrations.enrolment_record_id is not null
            as has_reduced_timetable,
        'pupil_roll' as source_table,
        registrations.enrolment_record_id as source_record_id
    from registrations
    left join reduced_registrations
        on
            registrations.enrolment_record_id
            = reduced_registrations.enrolment_record_id
),

placement_spells as (
    select
        {{ reference_id('PLACEMENT-', 'placement_id', 'placement_record_id') }}
            as provision_episode_id,
        child_id,
        provision_type,
        provider_urn,
        placement_start_date as start_date,
        placement_end_date as end_date,
        hours_per_week,
        false as has_reduced_timetable,
        'ap_placements' as source_table,
        placement_record_id as source_record_id
    from placements
),

ehe_spells as (
    select
        case_id as provision_episode_id,
        child_id,
        'ehe' as provision_type,
        cast(null as {{ dbt.type_string() }}) as provider_urn,
        opened_date as start_date,
        closed_date as end_date,
        cast(null as decimal(6, 2)) as hours_per_week,
        false as has_reduced_timetable,
        source_table,
        first_record_id as source_record_id
    from ehe_cases
),

medical_spells as (
    select
        medical_cases.case_id as provision_episode_id,
        medical_cases.child_id,
        medical_provision_types.provision_type,
        cast(null as {{ dbt.type_string() }}) as provider_urn,
        medical_cases.opened_date as start_date,
        medical_cases.closed_date as end_date,
        medical_cases.hours_per_week,
        false as has_reduced_timetable,
        medical_cases.source_table,
        medical_cases.first_record_id as source_record_id
    from medical_cases
    left join medical_provision_types
        on
            medical_cases.provision_type_code
            = medical_provision_types.medical_provision_type_code
),

spells as (
    select * from school_spells
    union all
    select * from placement_spells
    union all
    select * from ehe_spells
    union all
    select * from medical_spells
)

select * from spells
