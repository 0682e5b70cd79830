-- The landing step's inventory: one row per raw file landed (the registers,
-- copied to their canonical form, and the attendance feed, checked in place),
-- typed.
with

landed_files as (
    select * from {{ source('landing', 'landed_files') }}
),

typed as (
    select
        source_file,
        source_system,
        source_table,
        cast(extract_date as date) as extract_date,
        cast(raw_records as bigint) as raw_records,
        encoding,
        {{ clean_text('delimiter') }} as delimiter_name,
        cast(nullif(header_line, '') as integer) as header_line,
        arrived_columns,
        cast(landing_warnings as integer) as landing_warnings
    from landed_files
)

select * from typed
