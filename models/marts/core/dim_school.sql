-- One row per school or unit of the LA, from the schools seed, with whether
-- its pupils count in the January headcount behind exclusion rates
-- (state-funded primary, secondary and special schools).
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
)

select * from described
