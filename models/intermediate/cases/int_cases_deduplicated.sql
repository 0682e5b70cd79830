-- One row per episode: rows of one register that give the same child the
-- same kind of case from the same day (an EHE row re-sent after the
-- suitability assessment, one child under two person ids) are one case. The
-- row with more information is the case, then the latest line; the others
-- are merged into it (their records listed) and flagged
-- (int_dq_duplicate_episodes).
with

cases as (
    select * from {{ ref('int_cases_unioned') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by case_type, child_id, opened_date
            order by
                {{ information_count([
                    'closed_date', 'outcome_code', 'reason_code', 'school_urn',
                    'planned_end_date', 'review_date', 'hours_per_week',
                    'provision_type_code', 'suitability', 'suitability_date',
                    's437_notice_date', 'sao_issued_date', 'sao_revoked_date',
                ]) }} desc,
                {{ record_line_order('first_record_id') }}
        ) as episode_rank
    from cases
),

episode_records as (
    select
        case_type,
        child_id,
        opened_date,
        {{ dbt.listagg(
            'source_record_ids', "', '", "order by source_record_ids"
        ) }} as source_record_ids,
        -- sum() of bigints is a hugeint, which BI connectors cannot map.
        cast(sum(source_record_count) as bigint) as source_record_count
    from cases
    group by case_type, child_id, opened_date
),

deduplicated as (
    select
        ranked.* {{ star_except() }} (
            ranked.episode_rank,
            ranked.source_record_ids,
            ranked.source_record_count
        ),
        episode_records.source_record_ids,
        episode_records.source_record_count
    from ranked
    inner join episode_records
        on
            ranked.case_type = episode_records.case_type
            and ranked.child_id = episode_records.child_id
            and ranked.opened_date = episode_records.opened_date
    where ranked.episode_rank = 1
)

select * from deduplicated
