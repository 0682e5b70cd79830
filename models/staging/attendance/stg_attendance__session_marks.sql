-- The attendance feed as landed: one row per pupil, school, date and session
-- mark, with its raw file and line, carried by the landing step's partitions.
-- Parquet carries a typed date; a CSV feed carries text that is parsed here.
{%- set from_csv = var('attendance_format') == 'csv' %}

with

landed as (
    {{ landed_rows(
        source('attendance', 'session_marks'), line_number='carried'
    ) }}
),

typed as (
    select
        -- ids
        {{ clean_code('pupil_upn') }} as upn,
        {{ clean_text('school_urn') }} as school_urn,
        -- dates and sessions
        {%- if from_csv %}
        {{ parse_uk_date('attendance_date') }} as attendance_date,
        {%- else %}
        cast(attendance_date as date) as attendance_date,
        {%- endif %}
        {{ clean_code('session') }} as session_name,
        -- codes
        {{ clean_code('mark') }} as attendance_code,
        -- lineage
        source_file,
        source_line,
        extract_date
    from landed
)

select * from typed
