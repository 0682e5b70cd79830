-- Every landed row is in the warehouse or held back with its reason: for each
-- landed file, raw rows = staged rows = rows used + rows held back.
with

reconciliation as (
    select * from {{ ref('rpt_extract_reconciliation') }}
),

unaccounted as (
    select
        source_file,
        raw_rows,
        staged_rows,
        used_rows,
        held_back_rows
    from reconciliation
    where not is_reconciled
)

select * from unaccounted
