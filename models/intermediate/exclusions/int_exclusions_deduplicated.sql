-- Exclusions once each: a record the census sent twice (same pupil, school,
-- category, start, sessions, reasons and review) is one exclusion, listing
-- both lines.
with

exclusions as (
    select * from {{ ref('stg_school_census__exclusions') }}
    where hold_back_rule is null
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

linked as (
    select
        links.child_id,
        exclusions.*
    from exclusions
    inner join links
        on exclusions.exclusion_record_id = links.record_id
),

deduplicated as (
    select
        {{ pseudonym(
            'EX',
            "concat_ws('|', min(exclusion_record_id), school_urn, "
            ~ "exclusion_category_code, cast(start_date as varchar))"
        ) }} as exclusion_id,
        min(child_id) as child_id,
        school_urn,
        exclusion_category_code,
        start_date,
        sessions,
        reason_1_code,
        reason_2_code,
        reason_3_code,
        review_outcome,
        {{ dbt.listagg(
            'exclusion_record_id', "', '", "order by exclusion_record_id"
        ) }} as source_record_ids,
        count(*) as source_record_count
    from linked
    group by
        coalesce(upn, exclusion_record_id),
        school_urn,
        exclusion_category_code,
        start_date,
        sessions,
        reason_1_code,
        reason_2_code,
        reason_3_code,
        review_outcome
)

select * from deduplicated
