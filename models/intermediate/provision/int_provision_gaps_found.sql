-- The stretches in which a child had no provision open. A child's spells
-- (int_provision_spells_unioned, every kind) are merged where they touch or
-- overlap; a gap runs from the day after a merged spell ends to the first
-- of: the day before the next begins, the day the child is known to have
-- left the LA (int_la_departures_listed). A gap not ended so by the current
-- as-at date is open. A gap begins only after a spell: a child the LA has
-- never known in provision is for the CME registers to find. A spell held
-- back for ending before it starts gives no provision; a child whose only
-- spells are such is out of provision from the first day one says it began
-- (int_held_back_spells_linked). Compulsory school age and school days are
-- applied by the models that read it.
with

spells as (
    select * from {{ ref('int_provision_spells_unioned') }}
),

held_back_spells as (
    select * from {{ ref('int_held_back_spells_linked') }}
),

departures as (
    select * from {{ ref('int_la_departures_listed') }}
),

current_as_at as (
    select as_at_date from {{ ref('int_reporting_periods_listed') }}
    where period_type = 'current'
),

-- Spells by start; a spell begins a new merged spell when it starts after
-- every earlier spell of the child has ended (the day after counts as
-- touching).
spells_ordered as (
    select
        child_id,
        provision_type,
        start_date,
        coalesce(end_date, cast('9999-12-31' as date)) as end_date,
        max(coalesce(end_date, cast('9999-12-31' as date))) over (
            partition by child_id
            order by start_date, end_date
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from spells
    where start_date is not null
),

spells_numbered as (
    select
        *,
        sum(
            case
                when
                    covered_until is null
                    or start_date
                    > cast({{ dbt.dateadd('day', 1, 'covered_until') }} as date)
                    then 1
                else 0
            end
        ) over (
            partition by child_id
            order by start_date, end_date
            rows between unbounded preceding and current row
        ) as merged_spell_number
    from spells_ordered
),

merged_spells as (
    select
        child_id,
        min(start_date) as start_date,
        max(end_date) as end_date,
        {{ arg_max("provision_type", "end_date") }} as last_provision_type
    from spells_numbered
    group by child_id, merged_spell_number
),

merged_spells_with_next as (
    select
        *,
        lead(start_date) over (
            partition by child_id order by start_date
        ) as next_start_date
    from merged_spells
),

-- From the day after each merged spell that ends to the day before the next.
gaps_between_spells as (
    select
        child_id,
        last_provision_type,
        cast({{ dbt.dateadd('day', 1, 'end_date') }} as date)
            as gap_start_date,
        cast({{ dbt.dateadd('day', -1, 'next_start_date') }} as date)
            as next_spell_eve
    from merged_spells_with_next
    where end_date < cast('9999-12-31' as date)
),

-- A child known only by spells held back: out of provision from the first.
gaps_without_spells as (
    select
        held_back_spells.child_id,
        cast(null as {{ dbt.type_string() }}) as last_provision_type,
        min(held_back_spells.spell_start_date) as gap_start_date,
        cast(null as date) as next_spell_eve
    from held_back_spells
    left join spells
        on held_back_spells.child_id = spells.child_id
    where spells.child_id is null
    group by held_back_spells.child_id
),

gaps_before_departure as (
    select * from gaps_between_spells
    union all
    select * from gaps_without_spells
),

-- The first departure from the LA on or after the day the spell ended.
gaps_with_departure as (
    select
        gaps.child_id,
        gaps.last_provision_type,
        gaps.gap_start_date,
        gaps.next_spell_eve,
        min(departures.departure_date) as departure_date
    from gaps_before_departure as gaps
    left join departures
        on
            gaps.child_id = departures.child_id
            and departures.departure_date
            >= cast({{ dbt.dateadd('day', -1, 'gaps.gap_start_date') }} as date)
            and (
                gaps.next_spell_eve is null
                or gaps.next_spell_eve >= departures.departure_date
            )
    group by
        gaps.child_id,
        gaps.last_provision_type,
        gaps.gap_start_date,
        gaps.next_spell_eve
),

-- The end that comes first, and why; open while neither has come by the
-- current as-at date.
ended as (
    select
        gaps.child_id,
        gaps.last_provision_type,
        gaps.gap_start_date,
        least(
            coalesce(gaps.next_spell_eve, cast('9999-12-31' as date)),
            coalesce(gaps.departure_date, cast('9999-12-31' as date))
        ) as first_end_date,
        case
            when
                gaps.departure_date
                <= coalesce(gaps.next_spell_eve, cast('9999-12-31' as date))
                then 'left_the_la'
            else 'provision_began'
        end as end_reason,
        current_as_at.as_at_date
    from gaps_with_departure as gaps
    cross join current_as_at
),

found as (
    select
        child_id,
        last_provision_type,
        gap_start_date,
        case
            when first_end_date <= as_at_date then first_end_date
        end as gap_end_date,
        case
            when first_end_date <= as_at_date then end_reason
        end as ended_by,
        as_at_date
    from ended
    where
        gap_start_date <= first_end_date
        and gap_start_date <= as_at_date
)

select * from found
