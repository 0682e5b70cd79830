-- One row per real child, as linked across the registers: the current best
-- names and date of birth (the school roll first, then the most recent
-- record), the child's identifiers, and when they are of compulsory school age.
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

linked_records as (
    select
        links.child_id,
        records.*
    from records
    inner join links
        on records.record_id = links.record_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by child_id
            order by
                case when forename is null then 1 else 0 end,
                source_priority asc,
                recorded_date desc nulls last,
                record_id asc
        ) as name_rank,
        row_number() over (
            partition by child_id
            order by
                case when upn_status = 'permanent' then 0 else 1 end,
                recorded_date desc nulls last,
                record_id asc
        ) as upn_rank
    from linked_records
),

best_names as (
    select
        child_id,
        forename,
        surname,
        date_of_birth,
        sex,
        postcode
    from ranked
    where name_rank = 1
),

best_upns as (
    select
        child_id,
        case when upn_status in ('permanent', 'temporary') then upn end as upn
    from ranked
    where upn_rank = 1
),

summaries as (
    select
        child_id,
        min(education_person_id) as education_person_id,
        min(social_care_person_id) as social_care_person_id,
        count(*) as source_record_count,
        {{ dbt.listagg(
            'distinct source_table', "', '", "order by source_table"
        ) }} as source_tables
    from linked_records
    group by child_id
),

children as (
    select
        summaries.child_id,
        best_names.forename,
        best_names.surname,
        best_names.date_of_birth,
        best_names.sex,
        best_names.postcode,
        best_upns.upn,
        summaries.education_person_id,
        summaries.social_care_person_id,
        {{ compulsory_school_age_start('best_names.date_of_birth') }}
            as compulsory_school_age_start_date,
        {{ compulsory_school_age_end('best_names.date_of_birth') }}
            as compulsory_school_age_end_date,
        summaries.source_record_count,
        summaries.source_tables
    from summaries
    inner join best_names
        on summaries.child_id = best_names.child_id
    inner join best_upns
        on summaries.child_id = best_upns.child_id
)

select * from children
