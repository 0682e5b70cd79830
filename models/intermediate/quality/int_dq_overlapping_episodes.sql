-- Episodes of one kind (EHE, CME, REP, medical) that a child has open at the
-- same time: the later one is flagged. Dates are inclusive, so an episode
-- that starts on the day the earlier one ends overlaps it.
with

cases as (
    select * from {{ ref('int_cases_deduplicated') }}
),

with_earlier as (
    select
        *,
        max(coalesce(closed_date, cast('9999-12-31' as date))) over (
            partition by child_id, case_type
            order by opened_date, first_record_id
            rows between unbounded preceding and 1 preceding
        ) as latest_earlier_close
    from cases
),

overlapping as (
    select
        first_record_id as record_id,
        source_table,
        split_part(first_record_id, ':', 1) as source_file,
        cast(split_part(first_record_id, ':', 2) as integer) as source_line,
        'overlapping_episode' as rule_code,
        cast(null as varchar) as column_name,
        concat(
            'opens ', cast(opened_date as varchar),
            ' while an earlier one is open'
        ) as value
    from with_earlier
    where opened_date <= latest_earlier_close
)

select * from overlapping
