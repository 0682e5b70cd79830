-- The data-quality page's table: for every extract and rule, how many landed
-- rows break it, in which columns, and what was done with them (held back
-- or flagged). Counts only; the rows themselves are in fct_dq_issue.
{{ config(tags=['reads_test_failures']) }}
with

issues as (
    select * from {{ ref('fct_dq_issue') }}
),

-- The columns a rule was broken in (column names only), so that the page
-- names the column of an empty field or an unknown code.
issue_columns as (
    select distinct
        source_table,
        rule_code,
        column_name
    from issues
    where column_name is not null
),

columns_named as (
    select
        source_table,
        rule_code,
        {{ dbt.listagg("column_name", "', '", "order by column_name") }}
            as column_names
    from issue_columns
    group by source_table, rule_code
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
),

named as (
    select
        summary.source_table,
        summary.rule_code,
        summary.rule_name,
        summary.severity,
        summary.action,
        summary.detected_by,
        summary.issue_count,
        summary.file_count,
        columns_named.column_names
    from summary
    left join columns_named
        on
            summary.source_table = columns_named.source_table
            and summary.rule_code = columns_named.rule_code
)

select * from named
