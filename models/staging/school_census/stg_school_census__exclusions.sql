-- Exclusions as the schools' census returns landed them: one row per line,
-- typed, with file and line; a repeated row is kept and held back.
with

landed as (
    {{ landed_rows(source('school_census', 'exclusions')) }}
),

typed as (
    select
        -- ids
        {{ record_id() }} as exclusion_record_id,
        {{ clean_code('upn') }} as upn,
        {{ clean_text('urn') }} as school_urn,
        -- dates
        {{ parse_uk_date('startdate') }} as start_date,
        -- codes
        {{ clean_code('category') }} as exclusion_category_code,
        {{ clean_code('reason1') }} as reason_1_code,
        {{ clean_code('reason2') }} as reason_2_code,
        {{ clean_code('reason3') }} as reason_3_code,
        {{ clean_code('reviewoutcome') }} as review_outcome,
        -- details
        {{ parse_number('sessions', 'integer') }} as sessions,
        -- lineage
        {{ landed_lineage() }}
    from landed
),

{{ hold_back_steps('start_date') }}

select * from held_back
