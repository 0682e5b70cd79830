-- The data-quality page's table: for every extract and rule, how many landed
-- rows break it and what was done with them (held back or flagged). Counts
-- only; the rows themselves are in fct_dq_issue.
{{ config(tags=['reads_test_failures']) }}
with

issues as (
    select * from {{ ref('fct_dq_issue') }}
),

summary as (
    select
        source_table,
        rule_code,
        rule_name,
        severity,
        action,
        detected_by,
        cast(count(*) as bigint) as issue_count,
        cast(count(distinct source_file) as bigint) as file_count
    from issues
    group by
        source_table,
        rule_code,
        rule_name,
        severity,
        action,
        detected_by
)

select * from summary
