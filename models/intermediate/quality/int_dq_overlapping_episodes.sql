-- Episodes of one kind (EHE, CME, REP, medical) that a child has open at the
-- same time: the later one is flagged. Dates are inclusive, so an episode
-- that starts on the day the earlier one ends overlaps it (macro
-- later_overlapping_episodes, which the spells' check shares).
with

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

later_cases as (
    {{ later_overlapping_episodes(
        'cases',
        ['child_id', 'case_type'],
        'opened_date',
        'closed_date',
        'first_record_id'
    ) }}
),

overlapping as (
    select
        first_record_id as record_id,
        source_table,
        split_part(first_record_id, ':', 1) as source_file,
        cast(split_part(first_record_id, ':', 2) as integer) as source_line,
        'overlapping_episode' as rule_code,
        cast(null as {{ dbt.type_string() }}) as column_name,
        concat(
            'opens ', cast(opened_date as {{ dbt.type_string() }}),
            ' while an earlier one is open'
        ) as value
    from later_cases
)

select * from overlapping
