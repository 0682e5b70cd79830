-- Every row of a staging or intermediate model that fails one of the model's
-- tests: those tests warn and keep their failing rows instead of stopping
-- the build (dbt_project.yml, data_tests), so that one bad record cannot
-- hold back every report. Built after every other test has run (tag
-- reads_test_failures, a second dbt build step). A row traced to a landed
-- row by its record id ("<file>:<line>") names that file, its extract
-- (stg_landing__landed_files) and line; a row the warehouse derived names
-- its model, numbered by failing row.
{{ config(tags=['reads_test_failures']) }}

with

landed_files as (
    select * from {{ ref('stg_landing__landed_files') }}
),

failed_rows as (
    {%- for test, failures in failed_flagging_tests() %}
    {{ failed_test_rows(test, failures) }}
    union all
    {%- endfor %}
    -- No test failed (or dbt is parsing): the columns, typed, and no row.
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as test_name,
        cast(null as {{ dbt.type_string() }}) as rule_code,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as failing_value,
        cast(null as {{ dbt.type_string() }}) as record_id
    where false
),

traced as (
    select
        *,
        regexp_extract(record_id, '^(.+):([0-9]+)$', 1) as landed_file,
        regexp_extract(record_id, '^(.+):([0-9]+)$', 2) as landed_line
    from failed_rows
),

located as (
    select
        model_name,
        test_name,
        rule_code,
        column_name,
        failing_value,
        coalesce(
            nullif(landed_file, ''),
            model_name
        ) as source_file,
        coalesce(
            try_cast(nullif(landed_line, '') as integer),
            cast(row_number() over (
                partition by model_name, test_name
                order by failing_value
            ) as integer)
        ) as source_line
    from traced
),

-- The same landed row can fail the same kind of test in several models as
-- it flows through them: listed once, at the first model by name.
flagged as (
    select
        concat(located.source_file, ':', located.source_line) as record_id,
        coalesce(
            landed_files.source_table, located.model_name
        ) as source_table,
        located.source_file,
        located.source_line,
        located.rule_code,
        located.column_name,
        concat(
            located.failing_value,
            ' (test ', located.test_name, ' on ', located.model_name, ')'
        ) as value
    from located
    left join landed_files
        on located.source_file = landed_files.source_file
    qualify row_number() over (
        partition by
            located.source_file,
            located.source_line,
            located.rule_code,
            located.column_name
        order by located.model_name, located.test_name
    ) = 1
)

select * from flagged
