-- Row-level findings of the arrival checks, typed, one row per landed row and
-- rule broken.
with

landed as (
    select * from {{ source('quality', 'arrival_issues') }}
),

typed as (
    select
        source_table,
        source_file,
        cast(source_line as integer) as source_line,
        {{ record_id() }} as record_id,
        rule_code,
        column_name,
        value,
        expectation,
        cast(checked_at as timestamp) as checked_at
    from landed
)

select * from typed
