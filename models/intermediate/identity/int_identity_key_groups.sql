-- Records tied for certain (int_identity_link_keys_listed) form key groups:
-- records sharing a key are one group, and so are records linked through a
-- chain of them. Each group is named by its steadiest key (a permanent UPN,
-- then the education person id, the social care person id, a school's own
-- UPN, the record's content), so that the name survives a new extract.
{%- set passes = var('identity_link_passes') %}

with

record_keys as {{ materialized_cte() }} (
    select * from {{ ref('int_identity_link_keys_listed') }}
),

{{ connected_component_ctes(
    'record_keys', 'record_id', 'link_key', passes, 'record'
) }},

group_anchors as (
    select
        record_labels.label,
        -- the lowest rank, then the smallest key of that rank
        substr(min(concat(
            {{ link_key_rank('record_keys.link_key') }}, '|',
            record_keys.link_key
        )), 3) as anchor_key
    from record_labels
    inner join record_keys
        on record_labels.item = record_keys.record_id
    group by record_labels.label
),

grouped as (
    select
        record_labels.item as record_id,
        {{ pseudonym('KG', 'group_anchors.anchor_key') }} as key_group_id,
        group_anchors.anchor_key
    from record_labels
    inner join group_anchors
        on record_labels.label = group_anchors.label
)

select * from grouped
