-- Alternative provision and EOTAS placements with the child they belong to
-- and the kind of provision each placement type is.
with

placements as (
    {{ used_rows_with_child(
        'stg_placements__placements', 'placement_record_id'
    ) }}
),

placement_types as (
    select * from {{ ref('placement_types') }}
),

linked as (
    select
        placements.placement_record_id,
        placements.placement_id,
        placements.child_id,
        placements.placement_type_code,
        placement_types.provision_type,
        placements.provider_name,
        placements.provider_urn,
        placements.placement_start_date,
        placements.placement_end_date,
        placements.hours_per_week
    from placements
    left join placement_types
        on placements.placement_type_code = placement_types.placement_type_code
)

select * from linked
