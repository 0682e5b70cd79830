-- Records that may be the same child though no key ties them, paired for
-- comparison. A named record of a key group without a permanent UPN (the
-- seeker) is paired with the named records of every other group that share
-- a block with it: the same date of birth, the date with day and month
-- transposed, the same surname and forename (in its usual form), or the
-- names swapped. Blocking keeps the comparisons to a few per record. Each
-- pair carries both records' identifiers, how many children with a UPN
-- bear the candidate's full name, and whether the two are on two schools'
-- rolls at once (a child is on one, unless dual registered).
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
    where
        hold_back_rule is null
        and forename_key is not null
        and surname_key is not null
        and date_of_birth is not null
),

key_groups as (
    select * from {{ ref('int_identity_key_groups') }}
),

named_records as {{ materialized_cte() }} (
    select
        records.record_id,
        key_groups.key_group_id,
        key_groups.anchor_key like 'upn:%' as has_permanent_upn,
        records.forename_key,
        records.forename_canonical,
        records.surname_key,
        records.surname_sound_key,
        records.surname_first_part_key,
        records.surname_last_part_key,
        records.date_of_birth,
        records.postcode_key,
        records.postcode_sector,
        records.sex,
        records.school_urn,
        records.enrolment_status,
        records.recorded_date,
        records.recorded_end_date
    from records
    inner join key_groups
        on records.record_id = key_groups.record_id
),

-- How many children with a permanent UPN bear each full name: the same
-- rare name is better evidence than the same common one.
full_name_holders as (
    select
        forename_key,
        surname_key,
        count(distinct key_group_id) as holder_count
    from named_records
    where has_permanent_upn
    group by forename_key, surname_key
),

seekers as {{ materialized_cte() }} (
    select * from named_records
    where not has_permanent_upn
),

-- The blocks each record is in. The transposed date is a block of the
-- seeker's only (the candidate is found under its own date); the two names
-- in either order make one block, so swapped names meet.
block_keys as {{ materialized_cte() }} (
    select
        record_id,
        key_group_id,
        not has_permanent_upn as is_seeker,
        concat('born:', cast(date_of_birth as {{ dbt.type_string() }}))
            as block_key
    from named_records

    union all

    select
        record_id,
        key_group_id,
        not has_permanent_upn as is_seeker,
        concat('names:', surname_key, '|', forename_canonical) as block_key
    from named_records

    union all

    select
        record_id,
        key_group_id,
        not has_permanent_upn as is_seeker,
        concat(
            'either_way:',
            least(forename_key, surname_key), '|',
            greatest(forename_key, surname_key)
        ) as block_key
    from named_records

    union all

    select
        record_id,
        key_group_id,
        true as is_seeker,
        concat('born:', cast({{ date_from_parts(
            'year(date_of_birth)', 'day(date_of_birth)', 'month(date_of_birth)'
        ) }} as {{ dbt.type_string() }})) as block_key
    from seekers
    where
        day(date_of_birth) <= 12
        and day(date_of_birth) <> month(date_of_birth)
),

blocked_pairs as (
    select distinct
        seeker_blocks.record_id as seeker_record_id,
        candidate_blocks.record_id as candidate_record_id
    from block_keys as seeker_blocks
    inner join block_keys as candidate_blocks
        on seeker_blocks.block_key = candidate_blocks.block_key
    where
        seeker_blocks.is_seeker
        and seeker_blocks.key_group_id <> candidate_blocks.key_group_id
),

pairs as (
    select
        seekers.key_group_id as seeker_key_group_id,
        candidates.key_group_id as candidate_key_group_id,
        candidates.has_permanent_upn as candidate_has_permanent_upn,
        blocked_pairs.seeker_record_id,
        blocked_pairs.candidate_record_id,
        {{ names_alike('seekers.forename_key', 'candidates.surname_key') }}
        and {{ names_alike('seekers.surname_key', 'candidates.forename_key') }}
        and seekers.forename_key <> seekers.surname_key
        and not {{ names_alike(
            'seekers.forename_key', 'candidates.forename_key'
        ) }} as names_swapped,
        seekers.forename_key as seeker_forename,
        candidates.forename_key as candidate_forename,
        seekers.forename_canonical as seeker_forename_canonical,
        candidates.forename_canonical as candidate_forename_canonical,
        seekers.surname_key as seeker_surname,
        candidates.surname_key as candidate_surname,
        -- one record gives one half of the other's double-barrelled surname
        seekers.surname_key in (
            candidates.surname_first_part_key, candidates.surname_last_part_key
        )
        or candidates.surname_key in (
            seekers.surname_first_part_key, seekers.surname_last_part_key
        ) as is_surname_part,
        seekers.surname_sound_key = candidates.surname_sound_key
            as surnames_sound_alike,
        seekers.date_of_birth as seeker_date_of_birth,
        candidates.date_of_birth as candidate_date_of_birth,
        seekers.postcode_key as seeker_postcode,
        candidates.postcode_key as candidate_postcode,
        seekers.postcode_sector as seeker_postcode_sector,
        candidates.postcode_sector as candidate_postcode_sector,
        seekers.sex as seeker_sex,
        candidates.sex as candidate_sex,
        seekers.school_urn as seeker_school_urn,
        candidates.school_urn as candidate_school_urn,
        coalesce(full_name_holders.holder_count, 0)
            as candidate_full_name_holders,
        -- two sole registrations (status C) at two schools that overlap by a
        -- day or more: twins or namesakes, never one child
        coalesce(
            seekers.enrolment_status = 'C'
            and candidates.enrolment_status = 'C'
            and seekers.school_urn <> candidates.school_urn
            and seekers.recorded_date
            < coalesce(candidates.recorded_end_date, date '9999-12-31')
            and candidates.recorded_date
            < coalesce(seekers.recorded_end_date, date '9999-12-31'),
            false
        ) as is_on_two_rolls_at_once
    from blocked_pairs
    inner join seekers
        on blocked_pairs.seeker_record_id = seekers.record_id
    inner join named_records as candidates
        on blocked_pairs.candidate_record_id = candidates.record_id
    left join full_name_holders
        on
            candidates.forename_key = full_name_holders.forename_key
            and candidates.surname_key = full_name_holders.surname_key
)

select * from pairs
