-- Spells held back because they end before they start (fct_dq_issue,
-- end_before_start), with the child they name. Such a spell gives no
-- provision, so the child's other spells decide; but it shows the LA knew
-- the child from the day it says it began, so a child whose only spells are
-- held back is out of provision from then (int_provision_gaps_found), never
-- left out of the cohort. Held-back rows are not linked
-- (int_identity_records_linked): the child is found by a key the row shares
-- with a linked row, a permanent UPN or the education person id, and only
-- where it names one child.
with

records as (
    select * from {{ ref('int_identity_records_unioned') }}
),

links as (
    select * from {{ ref('int_identity_records_linked') }}
),

held_back_spells as (
    select * from records
    where
        hold_back_rule = 'end_before_start'
        and source_table in (
            'pupil_roll', 'ap_placements', 'ehe_register', 'medical_cases'
        )
),

linked_records as (
    select
        records.upn,
        records.upn_status,
        records.education_person_id,
        links.child_id
    from records
    inner join links
        on records.record_id = links.record_id
),

-- The children each held-back spell shares a certain key with.
shared_keys as (
    select
        held_back_spells.record_id,
        linked_records.child_id
    from held_back_spells
    inner join linked_records
        on
            (
                held_back_spells.upn = linked_records.upn
                and held_back_spells.upn_status = 'permanent'
                and linked_records.upn_status = 'permanent'
            )
            or held_back_spells.education_person_id
            = linked_records.education_person_id
),

children_named as (
    select
        record_id,
        min(child_id) as child_id
    from shared_keys
    group by record_id
    having count(distinct child_id) = 1
),

linked as (
    select
        held_back_spells.record_id,
        children_named.child_id,
        held_back_spells.source_table,
        held_back_spells.recorded_date as spell_start_date
    from held_back_spells
    inner join children_named
        on held_back_spells.record_id = children_named.record_id
)

select * from linked
