-- Every data-quality issue from every step that checks, in one shape: the
-- arrival checks (Great Expectations), and dbt (rows held back, UPNs, codes
-- used out of their dates, overlapping and duplicate episodes, rows failing
-- a staging or intermediate model's test). Built after every other test
-- (tag reads_test_failures).
{{ config(tags=['reads_test_failures']) }}

with

issues as (
    {{ union_relations(
        [
            ref('stg_quality__arrival_issues'),
            ref('int_dq_register_row_issues'),
            ref('int_dq_register_code_issues'),
            ref('int_dq_attendance_mark_issues'),
            ref('int_dq_episode_issues'),
            ref('int_dq_failed_test_rows'),
        ],
        {
            'record_id': 'varchar',
            'source_table': 'varchar',
            'source_file': 'varchar',
            'source_line': 'integer',
            'rule_code': 'varchar',
            'column_name': 'varchar',
            'value': 'varchar',
        }
    ) }}
),

identified as (
    select
        concat_ws('|', record_id, rule_code, column_name) as dq_issue_id,
        record_id,
        source_table,
        source_file,
        source_line,
        rule_code,
        column_name,
        value
    from issues
)

select * from identified
