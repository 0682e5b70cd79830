-- Issues of single register rows found by dbt: rows held back from the marts
-- (with their rule and detail), and UPNs of any register that are temporary
-- or have the right shape but a wrong check letter (macro upn_status; the
-- shape itself is an arrival check).
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

held_back as (
    select
        record_id,
        source_table,
        source_file,
        source_line,
        hold_back_rule as rule_code,
        cast(null as {{ dbt.type_string() }}) as column_name,
        hold_back_detail as value
    from records
    where hold_back_rule is not null
),

upn_issues as (
    select
        record_id,
        source_table,
        source_file,
        source_line,
        case
            when upn_status = 'temporary' then 'temporary_upn'
            else 'upn_check_letter'
        end as rule_code,
        'upn' as column_name,
        upn as value
    from records
    where upn_status in ('temporary', 'wrong_check_letter')
),

issues as (
    select * from held_back
    union all
    select * from upn_issues
)

select * from issues
