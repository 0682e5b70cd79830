-- One row per landed row and data-quality rule it breaks, from every step
-- that checks: the arrival checks (Great Expectations), and dbt (rows held
-- back, UPNs, codes used out of their dates, overlapping and duplicate
-- episodes, rows failing a staging or intermediate model's test), with the
-- rule's name, severity and whether the row was still used. Built after
-- every other test (tag reads_test_failures).
{{ config(tags=['reads_test_failures']) }}
with

issues as (
    select * from {{ ref('int_dq_issues_unioned') }}
),

rules as (
    select * from {{ ref('dq_rules') }}
),

described as (
    select
        issues.dq_issue_id,
        issues.source_table,
        issues.source_file,
        issues.source_line,
        issues.record_id,
        issues.rule_code,
        rules.rule_name,
        rules.severity,
        rules.action,
        rules.detected_by,
        issues.column_name,
        issues.value
    from issues
    left join rules
        on issues.rule_code = rules.rule_code
)

select * from described
