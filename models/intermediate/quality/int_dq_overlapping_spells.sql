-- Spells that are not cases, open at once for a child where one would do:
-- two alternative provision or EOTAS placements of one provision type, or
-- two main registrations (single, or the main of a dual registration) on two
-- schools' rolls. The later one is flagged, naming the spell it overlaps;
-- both still count as provision. A subsidiary dual registration beside the
-- main one (enrolment status S in the school census) is how dual
-- registration works: not checked. Dates are inclusive, as for cases (macro
-- later_overlapping_episodes).
with

spells as (
    select * from {{ ref('int_provision_spells_unioned') }}
),

placements as (
    select * from spells
    where source_table = 'ap_placements'
),

main_registrations as (
    select * from spells
    where provision_type = 'school'
),

{%- set overlapped = [
    'source_record_id', 'provision_type', 'provider_urn', 'start_date'
] %}

later_placements as (
    {{ later_overlapping_episodes(
        'placements',
        ['child_id', 'provision_type'],
        'start_date',
        'end_date',
        'source_record_id',
        overlapped
    ) }}
),

later_registrations as (
    {{ later_overlapping_episodes(
        'main_registrations',
        ['child_id'],
        'start_date',
        'end_date',
        'source_record_id',
        overlapped,
        differing_column='provider_urn'
    ) }}
),

later_spells as (
    select * from later_placements
    union all
    select * from later_registrations
),

issues as (
    select
        source_record_id as record_id,
        source_table,
        split_part(source_record_id, ':', 1) as source_file,
        cast(split_part(source_record_id, ':', 2) as integer) as source_line,
        'overlapping_spell' as rule_code,
        cast(null as {{ dbt.type_string() }}) as column_name,
        concat(
            'opens ', cast(start_date as {{ dbt.type_string() }}), ' while ',
            overlapped_provision_type,
            coalesce(concat(' at ', overlapped_provider_urn), ''),
            ' from ', cast(overlapped_start_date as {{ dbt.type_string() }}),
            ' is open (', overlapped_source_record_id, ')'
        ) as value
    from later_spells
)

select * from issues
