-- Children's social care episodes as landed, typed, with file and line.
with

landed as (
    {{ landed_rows(source('social_care', 'social_care_episodes')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as social_care_record_id,
        {{ clean_text('personid') }} as social_care_person_id,
        -- the child
        {{ clean_text('surname') }} as surname,
        {{ clean_text('forename') }} as forename,
        {{ parse_uk_date('dob') }} as date_of_birth,
        {{ clean_code('gender') }} as sex,
        {{ clean_code('postcode') }} as postcode,
        -- dates
        {{ parse_uk_date('startdate') }} as episode_start_date,
        {{ parse_uk_date('enddate') }} as episode_end_date,
        -- codes
        {{ clean_code('episodetype') }} as episode_type,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps('episode_start_date', 'episode_end_date') }}

select * from held_back
