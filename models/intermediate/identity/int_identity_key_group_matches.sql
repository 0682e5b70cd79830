-- Which groups a key group without a permanent UPN joins. Its records' best
-- comparison with each other group (int_identity_record_pairs_compared) is
-- the pair's score; a person's decision (identity_review_decisions seed)
-- overrides it. Two groups with records on two schools' rolls at once are
-- two children, whatever the score. A group two UPN holders both score the
-- threshold (var identity_match_threshold) with, within var
-- identity_match_margin, is left for review (twins' and namesakes' records
-- are not guessed). Step 1: the other groups without a UPN that score the
-- threshold with each other (and no less than either scores with a UPN
-- holder) are one child. Step 2: each such cluster joins the UPN holder that
-- every one of its compared groups scores the threshold with, when no other
-- UPN holder comes within the margin. A cluster joins at most one UPN
-- holder, so two children with different permanent UPNs are never joined.
{%- set threshold = var('identity_match_threshold') %}
{%- set margin = var('identity_match_margin') %}
{%- set passes = var('identity_link_passes') %}

with

record_pairs as (
    select * from {{ ref('int_identity_record_pairs_compared') }}
),

decisions as (
    select * from {{ ref('identity_review_decisions') }}
),

group_pairs as (
    select
        seeker_key_group_id,
        candidate_key_group_id,
        bool_or(candidate_has_permanent_upn) as candidate_has_permanent_upn,
        max(match_score) as match_score,
        -- Exact when a best-scoring pair has the same names and date of
        -- birth: ties go to exact, whatever order the pairs come in.
        coalesce(
            max(
                case
                    when
                        forename_level = 'exact' and surname_level = 'exact'
                        and date_of_birth_level = 'exact'
                        then match_score
                end
            ) = max(match_score),
            false
        ) as is_exact_name_and_birth_date,
        bool_or(is_on_two_rolls_at_once) as is_on_two_rolls_at_once
    from record_pairs
    group by seeker_key_group_id, candidate_key_group_id
),

decided as (
    select
        group_pairs.*,
        decisions.decision
    from group_pairs
    left join decisions
        on
            group_pairs.seeker_key_group_id = decisions.seeker_key_group_id
            and group_pairs.candidate_key_group_id
            = decisions.candidate_key_group_id
    where
        coalesce(decisions.decision, '') <> 'different'
        and (
            decisions.decision = 'same'
            or not group_pairs.is_on_two_rolls_at_once
        )
),

upn_holders_ranked as (
    select
        *,
        row_number() over (
            partition by seeker_key_group_id
            order by
                decision = 'same' desc nulls last,
                match_score desc,
                candidate_key_group_id asc
        ) as candidate_rank,
        nth_value(match_score, 2) over (
            partition by seeker_key_group_id
            order by match_score desc
            rows between unbounded preceding and unbounded following
        ) as second_score
    from decided
    where candidate_has_permanent_upn
),

-- Groups two UPN holders both score the threshold with, too close to tell
-- (a namesake's record): for review, kept out of the steps below.
undecidable as (
    select seeker_key_group_id as key_group_id
    from upn_holders_ranked
    where
        candidate_rank = 1
        and coalesce(decision, '') <> 'same'
        and match_score >= {{ threshold }}
        and match_score - coalesce(second_score, -1e9) < {{ margin }}
),

-- Each group's best score with a UPN holder.
best_upn_holder_scores as (
    select
        seeker_key_group_id as key_group_id,
        max(match_score) as best_upn_holder_score
    from upn_holders_ranked
    group by seeker_key_group_id
),

-- Step 1: groups without a UPN that score the threshold with each other,
-- and no lower than either scores with a UPN holder, are one child (a
-- social care episode and a REP notice, say).
pairs_without_upn as (
    select decided.*
    from decided
    left join best_upn_holder_scores as seeker_best
        on decided.seeker_key_group_id = seeker_best.key_group_id
    left join best_upn_holder_scores as candidate_best
        on decided.candidate_key_group_id = candidate_best.key_group_id
    where
        not decided.candidate_has_permanent_upn
        and (
            decided.decision = 'same'
            or (
                decided.match_score >= {{ threshold }}
                and decided.match_score
                >= coalesce(seeker_best.best_upn_holder_score, -1e9)
                and decided.match_score
                >= coalesce(candidate_best.best_upn_holder_score, -1e9)
            )
        )
        and decided.seeker_key_group_id not in (
            select undecidable.key_group_id from undecidable
        )
        and decided.candidate_key_group_id not in (
            select undecidable.key_group_id from undecidable
        )
),

cluster_edges as (
    select
        seeker_key_group_id as key_group_id,
        seeker_key_group_id as linked_id
    from decided
    union all
    select
        seeker_key_group_id as key_group_id,
        candidate_key_group_id as linked_id
    from pairs_without_upn
    union all
    select
        candidate_key_group_id as key_group_id,
        candidate_key_group_id as linked_id
    from pairs_without_upn
),

{{ connected_component_ctes(
    'cluster_edges', 'key_group_id', 'linked_id', passes, 'cluster'
) }},

-- Step 2: each such cluster joins the UPN holder every one of its compared
-- groups scores at least the threshold with (complete linkage: one member
-- that disagrees keeps the cluster apart), when no other UPN holder
-- comes within the margin of the best.
cluster_scores as (
    select
        cluster_labels.label as cluster_id,
        upn_holders_ranked.candidate_key_group_id,
        min(upn_holders_ranked.match_score) as weakest_score,
        max(upn_holders_ranked.match_score) as best_score,
        bool_or(upn_holders_ranked.decision = 'same') as is_decided_same,
        -- The best-scoring seeker; of seekers scoring alike, the last by
        -- id (an order that does not depend on how the rows arrive).
        {{ arg_max('upn_holders_ranked.seeker_key_group_id', [
            'upn_holders_ranked.match_score',
            'upn_holders_ranked.seeker_key_group_id',
        ]) }} as seeker_key_group_id,
        coalesce(
            max(
                case
                    when upn_holders_ranked.is_exact_name_and_birth_date
                        then upn_holders_ranked.match_score
                end
            ) = max(upn_holders_ranked.match_score),
            false
        ) as is_exact_name_and_birth_date
    from upn_holders_ranked
    inner join cluster_labels
        on upn_holders_ranked.seeker_key_group_id = cluster_labels.item
    where
        upn_holders_ranked.seeker_key_group_id not in (
            select undecidable.key_group_id from undecidable
        )
    group by cluster_labels.label, upn_holders_ranked.candidate_key_group_id
),

clusters_ranked as (
    select
        *,
        row_number() over (
            partition by cluster_id
            order by
                is_decided_same desc,
                weakest_score desc,
                candidate_key_group_id asc
        ) as candidate_rank,
        nth_value(best_score, 2) over (
            partition by cluster_id
            order by best_score desc
            rows between unbounded preceding and unbounded following
        ) as second_score
    from cluster_scores
),

upn_holder_matches as (
    select * from clusters_ranked
    where
        candidate_rank = 1
        and (
            is_decided_same
            or (
                weakest_score >= {{ threshold }}
                and best_score - coalesce(second_score, -1e9) >= {{ margin }}
            )
        )
),

matches as (
    select
        seeker_key_group_id,
        candidate_key_group_id,
        best_score as match_score,
        second_score,
        is_exact_name_and_birth_date,
        case when is_decided_same then 'same' end as decision
    from upn_holder_matches
    union all
    select
        seeker_key_group_id,
        candidate_key_group_id,
        match_score,
        null as second_score,
        is_exact_name_and_birth_date,
        decision
    from pairs_without_upn
),

staged as (
    select
        seeker_key_group_id,
        candidate_key_group_id as matched_key_group_id,
        match_score,
        second_score,
        case
            when decision = 'same' then 'reviewed'
            when is_exact_name_and_birth_date then 'exact_name_and_birth_date'
            else 'scored'
        end as link_stage
    from matches
)

select * from staged
