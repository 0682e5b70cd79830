-- The pairs a person should decide: a key group without a permanent UPN and
-- a candidate child it scored near the threshold with, or as well as another
-- child (twins, namesakes), and left unlinked. Shows both sides' best
-- records, so the reviewer can judge; a decision goes into the
-- identity_review_decisions seed and the next build honours it.
{%- set threshold = var('identity_match_threshold') %}
{%- set band = var('identity_review_band') %}

with

record_pairs as (
    select * from {{ ref('int_identity_record_pairs_compared') }}
),

matches as (
    select * from {{ ref('int_identity_key_group_matches') }}
),

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

best_pairs as (
    select *
    from record_pairs
    qualify row_number() over (
        partition by seeker_key_group_id, candidate_key_group_id
        order by match_score desc, seeker_record_id asc, candidate_record_id asc
    ) = 1
),

unlinked_near as (
    select
        best_pairs.*,
        count(*)
            over (partition by best_pairs.seeker_key_group_id)
            as near_candidate_count
    from best_pairs
    where
        best_pairs.match_score >= {{ threshold - band }}
        and best_pairs.seeker_key_group_id not in (
            select matches.seeker_key_group_id from matches
        )
),

review as (
    select
        unlinked_near.seeker_key_group_id,
        unlinked_near.candidate_key_group_id,
        unlinked_near.match_score,
        case
            when unlinked_near.match_score >= {{ threshold }}
                then 'another candidate scores as well'
            else 'below the threshold'
        end as review_reason,
        unlinked_near.near_candidate_count,
        unlinked_near.forename_level,
        unlinked_near.surname_level,
        unlinked_near.date_of_birth_level,
        unlinked_near.postcode_level,
        unlinked_near.sex_level,
        unlinked_near.school_level,
        seeker.source_table as seeker_source_table,
        seeker.record_id as seeker_record_id,
        seeker.forename as seeker_forename,
        seeker.surname as seeker_surname,
        seeker.date_of_birth as seeker_date_of_birth,
        seeker.postcode as seeker_postcode,
        candidate.source_table as candidate_source_table,
        candidate.record_id as candidate_record_id,
        candidate.forename as candidate_forename,
        candidate.surname as candidate_surname,
        candidate.date_of_birth as candidate_date_of_birth,
        candidate.postcode as candidate_postcode
    from unlinked_near
    inner join records as seeker
        on unlinked_near.seeker_record_id = seeker.record_id
    inner join records as candidate
        on unlinked_near.candidate_record_id = candidate.record_id
)

select * from review
