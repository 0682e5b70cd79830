-- Each pair of records that may be one child
-- (int_identity_record_pairs_blocked), compared: forename, surname, date of
-- birth, postcode, sex, school and how rare the full name is each get a
-- level (names are alike when a typo apart or close: macro names_alike;
-- surnames also when they sound alike: macro sound_key),
-- each level its weight (identity_match_weights seed), and the pair its
-- score, the sum. A record without a postcode takes the postcode level of the
-- candidate child's other records compared with the seeker, so that a
-- child is not preferred for what one of its records leaves out.
with

pairs as (
    select * from {{ ref('int_identity_record_pairs_blocked') }}
),

weights as (
    select * from {{ ref('identity_match_weights') }}
),

levels as (
    select
        seeker_key_group_id,
        candidate_key_group_id,
        candidate_has_permanent_upn,
        seeker_record_id,
        candidate_record_id,
        case
            when names_swapped then 'swapped'
            when seeker_forename = candidate_forename then 'exact'
            when seeker_forename_canonical = candidate_forename_canonical
                then 'short_form'
            when
                {{ names_alike('seeker_forename', 'candidate_forename') }}
                then 'similar'
            else 'different'
        end as forename_level,
        case
            when names_swapped then 'swapped'
            when seeker_surname = candidate_surname then 'exact'
            when is_surname_part then 'part'
            when
                {{ names_alike('seeker_surname', 'candidate_surname') }}
                then 'similar'
            when surnames_sound_alike then 'sounds_alike'
            else 'different'
        end as surname_level,
        case
            when seeker_date_of_birth = candidate_date_of_birth then 'exact'
            when
                day(seeker_date_of_birth) = month(candidate_date_of_birth)
                and month(seeker_date_of_birth) = day(candidate_date_of_birth)
                and year(seeker_date_of_birth) = year(candidate_date_of_birth)
                then 'transposed'
            -- a digit keyed wrong, or two next to each other swapped
            when {{ one_edit_apart(
                date_digits('seeker_date_of_birth'),
                date_digits('candidate_date_of_birth')
            ) }} then 'one_digit_off'
            else 'different'
        end as date_of_birth_level,
        case
            when
                seeker_postcode is null or candidate_postcode is null
                then 'unknown'
            when seeker_postcode = candidate_postcode then 'exact'
            when
                seeker_postcode_sector = candidate_postcode_sector
                then 'sector'
            else 'different'
        end as record_postcode_level,
        case
            when seeker_sex is null or candidate_sex is null then 'unknown'
            when seeker_sex = candidate_sex then 'same'
            else 'different'
        end as sex_level,
        case
            when seeker_school_urn = candidate_school_urn then 'same'
            else 'other'
        end as school_level,
        candidate_full_name_holders,
        is_on_two_rolls_at_once
    from pairs
),

-- The best postcode level any of the candidate child's records compared with
-- the seeker's record has (1 exact, 2 sector, 3 different).
levels_with_known_postcode as (
    select
        *,
        min(case record_postcode_level
            when 'exact' then 1
            when 'sector' then 2
            when 'different' then 3
        end) over (
            partition by seeker_record_id, candidate_key_group_id
        ) as best_known_postcode_rank
    from levels
),

levels_with_postcode as (
    select
        *,
        case
            when record_postcode_level <> 'unknown' then record_postcode_level
            when best_known_postcode_rank = 1 then 'exact'
            when best_known_postcode_rank = 2 then 'sector'
            when best_known_postcode_rank = 3 then 'different'
            else 'unknown'
        end as postcode_level
    from levels_with_known_postcode
),

levels_with_name_rarity as (
    select
        *,
        case
            when forename_level <> 'exact' or surname_level <> 'exact'
                then 'not_the_same'
            when candidate_full_name_holders = 1 then 'held_by_one_child'
            else 'shared'
        end as full_name_level
    from levels_with_postcode
),

-- Every level's weight in one lookup (comparison:level), read beside each
-- pair: millions of pairs, so no pair is unpivoted, grouped or rejoined.
weight_lookup as (
    select
        {{ map_of(
            "concat(comparison, ':', comparison_level)", 'weight'
        ) }} as weight_of
    from weights
),

scored as (
    select
        levels_with_name_rarity.*,
        {%- for comparison in [
            'forename', 'surname', 'date_of_birth', 'postcode', 'sex', 'school',
            'full_name',
        ] %}
        {{ '+ ' if not loop.first }}weight_lookup.weight_of[
            concat('{{ comparison }}:', {{ comparison }}_level)
        ]
        {%- endfor %} as match_score
    from levels_with_name_rarity
    cross join weight_lookup
)

select * from scored
