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

-- A session the feed sent more than once uses its latest mark; the others
-- are held back, each listed in int_dq_attendance_mark_issues.
feed_sessions as (
    select * from {{ ref('int_attendance_sessions_resolved') }}
),

feed_rows_held_back as (
    select
        source_file,
        rule_code as hold_back_rule
    from {{ ref('int_dq_attendance_mark_issues') }}
    where rule_code = 'repeated_session_mark'
),

held_back_by_rule as (
    select
        source_file,
        hold_back_rule,
        count(*) as held_back_rows
    from (
        select
            source_file,
            hold_back_rule
        from register_rows
        union all
        select
            source_file,
            hold_back_rule
        from feed_rows_held_back
    ) as landed_rows
    where hold_back_rule is not null
    group by source_file, hold_back_rule
),

held_back_rules as (
    select
        source_file,
        {{ dbt.listagg(
            "concat(hold_back_rule, ': ', cast(held_back_rows as "
            ~ dbt.type_string() ~ "))",
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

-- The feed's rows as staged, and as used or held back after ranking: a mark
-- lost or doubled on the way (a join matching twice) shows as a difference.
feed_staged as (
    select
        source_file,
        count(*) as staged_rows
    from session_marks
    group by source_file
),

-- The marks used (one a session) and held back, by file: with the staged
-- rows, a mark lost or doubled on the way shows as a difference.
feed_used as (
    select
        source_file,
        count(*) as used_rows
    from feed_sessions
    group by source_file
),

feed_held_back as (
    select
        source_file,
        count(*) as held_back_rows
    from feed_rows_held_back
    group by source_file
),

feed_counts as (
    select
        feed_staged.source_file,
        feed_staged.staged_rows,
        coalesce(feed_used.used_rows, 0) as used_rows,
        coalesce(feed_held_back.held_back_rows, 0) as held_back_rows
    from feed_staged
    left join feed_used
        on feed_staged.source_file = feed_used.source_file
    left join feed_held_back
        on feed_staged.source_file = feed_held_back.source_file
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
