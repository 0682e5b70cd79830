-- Alternative provision and EOTAS placements as landed, typed, with file and
-- line.
with

landed as (
    {{ landed_rows(source('placements', 'ap_placements')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as placement_record_id,
        {{ clean_code('placement_id') }} as placement_id,
        {{ clean_text('person_id') }} as education_person_id,
        {{ clean_text('provider_urn') }} as provider_urn,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        -- dates
        {{ parse_uk_date('start_date') }} as placement_start_date,
        {{ parse_uk_date('end_date') }} as placement_end_date,
        -- codes
        {{ clean_code('placement_type') }} as placement_type_code,
        -- details
        {{ clean_text('provider_name') }} as provider_name,
        {{ parse_number('hours_per_week') }} as hours_per_week,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps(
    'placement_start_date', 'placement_end_date', ['education_person_id']
) }}

select * from held_back
