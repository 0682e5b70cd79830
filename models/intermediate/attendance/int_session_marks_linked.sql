-- Every landed attendance mark with the registration it belongs to: the one
-- at its school that holds its UPN on its date. Registrations of one UPN at
-- one school are cut so that they do not overlap, so a mark finds at most
-- one; a mark none covers (no UPN, a UPN the roll does not hold, a date off
-- roll) is kept without one, with its UPN and school. Narrow on purpose:
-- tens of millions of rows; each mark's file and line are in its number.
-- Incremental: a build that only adds feed files (each extract later than
-- the last; `cmoe build` decides, and rebuilds everything otherwise) links
-- only their marks, as the registrations have not changed; each mark keeps
-- the build that linked it.
{{ config(materialized='incremental', incremental_strategy='append') }}

with

session_marks as (
    select * from {{ ref('stg_attendance__session_marks') }}
    {%- if is_incremental() %}
    -- A date, not a query: DuckDB then reads the new files alone.
    where extract_date > cast('{{ latest_linked_extract_date() }}' as date)
    {%- endif %}
),

registrations as (
    select * from {{ ref('int_school_registrations_linked') }}
),

registration_spells as (
    select
        registration_number,
        upn,
        school_urn,
        entry_date,
        least(
            coalesce(leaving_date, cast('9999-12-31' as date)),
            coalesce(
                cast({{ dbt.dateadd('day', -1, 'lead(entry_date) over (
                    partition by upn, school_urn
                    order by entry_date, enrolment_record_id
                )') }} as date),
                cast('9999-12-31' as date)
            )
        ) as spell_end_date
    from registrations
    where upn is not null
),

linked as (
    select
        {{ session_mark_number(
            'session_marks.extract_date', 'session_marks.source_line'
        ) }} as session_mark_number,
        -- The registration stands for UPN and school where there is one.
        case
            when registration_spells.registration_number is null
                then session_marks.upn
        end as upn,
        case
            when registration_spells.registration_number is null
                then session_marks.school_urn
        end as school_urn,
        session_marks.attendance_date,
        session_marks.session_name,
        session_marks.attendance_code,
        registration_spells.registration_number,
        '{{ invocation_id }}' as build_id
    from session_marks
    left join registration_spells
        on
            session_marks.upn = registration_spells.upn
            and session_marks.school_urn = registration_spells.school_urn
            and session_marks.attendance_date
            between registration_spells.entry_date
            and registration_spells.spell_end_date
)

select * from linked
