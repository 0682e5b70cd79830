-- One row per school or unit of the LA, from the schools seed, with whether
-- its pupils count in the January headcount behind exclusion rates
-- (state-funded primary, secondary and special schools), under DfE's name
-- of its phase.
with

schools as (
    select * from {{ ref('schools') }}
),

described as (
    select
        school_urn,
        laestab,
        la_code,
        school_name,
        phase,
        school_type,
        statutory_low_age,
        statutory_high_age,
        capacity,
        postcode,
        opened_date,
        closed_date,
        is_state_funded,
        is_state_funded and phase in ('primary', 'secondary', 'special')
            as is_counted_in_headcount
    from schools
),

-- DfE's name of the phase in its exclusion files, for the schools counted.
named as (
    select
        *,
        case
            when is_counted_in_headcount and phase = 'primary' then 'Primary'
            when is_counted_in_headcount and phase = 'secondary'
                then 'Secondary'
            when is_counted_in_headcount and phase = 'special' then 'Special'
        end as education_phase
    from described
)

select * from named
