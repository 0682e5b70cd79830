-- DfE's published figures as landed (one tidy table of every benchmark
-- file), typed.
with

statistics as (
    select * from {{ source('dfe', 'dfe_statistics') }}
),

typed as (
    select
        source_file,
        cast(source_line as integer) as source_line,
        publication,
        time_period,
        cast(academic_year_start as integer) as academic_year_start,
        geographic_level,
        {{ clean_code('country_code') }} as country_code,
        {{ clean_text('country_name') }} as country_name,
        {{ clean_code('region_code') }} as region_code,
        {{ clean_text('region_name') }} as region_name,
        {{ clean_text('old_la_code') }} as old_la_code,
        {{ clean_code('new_la_code') }} as new_la_code,
        {{ clean_text('la_name') }} as la_name,
        education_phase,
        measure,
        unit,
        cast(nullif(value, '') as double) as value,
        {{ clean_text('marker') }} as marker
    from statistics
)

select * from typed
