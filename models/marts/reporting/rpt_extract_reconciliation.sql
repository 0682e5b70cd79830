-- For every landed file: the rows the file had, the rows staged, and of those
-- the rows used in the marts and the rows held back (by rule). A file is
-- reconciled when raw rows = staged rows = used + held back: no row may be
-- lost on the way (a singular test checks every file).
with

landed_files as (
    select * from {{ ref('stg_landing__landed_files') }}
),

register_rows as (
    select * from {{ ref('int_identity_records_unioned') }}
),

session_marks as (
    select * from {{ ref('stg_attendance__session_marks') }}
),

held_back_by_rule as (
    select
        source_file,
        hold_back_rule,
        count(*) as held_back_rows
    from register_rows
    where hold_back_rule is not null
    group by source_file, hold_back_rule
),

held_back_rules as (
    select
        source_file,
        {{ dbt.listagg(
            "concat(hold_back_rule, ': ', cast(held_back_rows as varchar))",
            "'; '",
            "order by hold_back_rule"
        ) }} as held_back_rules
    from held_back_by_rule
    group by source_file
),

register_counts as (
    select
        source_file,
        count(*) as staged_rows,
        sum(case when hold_back_rule is null then 1 else 0 end) as used_rows,
        sum(case when hold_back_rule is not null then 1 else 0 end)
            as held_back_rows
    from register_rows
    group by source_file
),

-- Every mark of the attendance feed is used (a mark with an unknown code is
-- kept, and listed in fct_dq_issue).
feed_counts as (
    select
        source_file,
        count(*) as staged_rows,
        count(*) as used_rows,
        0 as held_back_rows
    from session_marks
    group by source_file
),

staged as (
    select * from register_counts
    union all
    select * from feed_counts
),

reconciled as (
    select
        coalesce(landed_files.source_file, staged.source_file) as source_file,
        landed_files.source_system,
        landed_files.source_table,
        landed_files.extract_date,
        cast(coalesce(landed_files.raw_records, 0) as bigint) as raw_rows,
        cast(coalesce(staged.staged_rows, 0) as bigint) as staged_rows,
        cast(coalesce(staged.used_rows, 0) as bigint) as used_rows,
        cast(coalesce(staged.held_back_rows, 0) as bigint) as held_back_rows,
        held_back_rules.held_back_rules,
        (
            coalesce(landed_files.raw_records, 0)
            = coalesce(staged.staged_rows, 0)
            and coalesce(staged.staged_rows, 0)
            = coalesce(staged.used_rows, 0) + coalesce(staged.held_back_rows, 0)
        ) as is_reconciled
    from landed_files
    full outer join staged
        on landed_files.source_file = staged.source_file
    left join held_back_rules
        on
            coalesce(landed_files.source_file, staged.source_file)
            = held_back_rules.source_file
)

select * from reconciled
