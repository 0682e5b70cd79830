-- Rows that give an episode already given by another row (the same child,
-- kind and start): flagged, their records merged into the episode
-- (int_cases_deduplicated, int_exclusions_deduplicated).
with

cases as (
    select * from {{ ref('int_cases_unioned') }}
),

kept_cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

exclusions as (
    select * from {{ ref('int_exclusions_unioned') }}
),

kept_exclusions as (
    select * from {{ ref('int_exclusions_deduplicated') }}
),

duplicate_rows as (
    select
        cases.first_record_id as record_id,
        cases.source_table,
        kept_cases.first_record_id as kept_record_id
    from cases
    inner join kept_cases
        on
            cases.case_type = kept_cases.case_type
            and cases.child_id = kept_cases.child_id
            and cases.opened_date = kept_cases.opened_date
    where cases.first_record_id <> kept_cases.first_record_id

    union all

    select
        exclusions.exclusion_id as record_id,
        exclusions.source_table,
        kept_exclusions.exclusion_id as kept_record_id
    from exclusions
    inner join kept_exclusions
        on exclusions.episode_key = kept_exclusions.episode_key
    where exclusions.exclusion_id <> kept_exclusions.exclusion_id
),

issues as (
    select
        record_id,
        source_table,
        split_part(record_id, ':', 1) as source_file,
        cast(split_part(record_id, ':', 2) as integer) as source_line,
        'duplicate_episode' as rule_code,
        cast(null as {{ dbt.type_string() }}) as column_name,
        concat('the same episode as ', kept_record_id) as value
    from duplicate_rows
)

select * from issues
