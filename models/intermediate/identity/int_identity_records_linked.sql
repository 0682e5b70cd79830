-- Which child each record belongs to. Records that share a key (a UPN, an LA
-- person id, an exact name and date of birth: int_identity_link_keys_listed)
-- are the same child, and so are the records linked through them: connected
-- components, found by passing the smallest record id along shared keys (var
-- identity_link_passes times; the test assert_identity_links_converged fails
-- if that was too few).
{%- set passes = var('identity_link_passes') %}

with

record_keys as {{ materialized_cte() }} (
    select * from {{ ref('int_identity_link_keys_listed') }}
),

records as (
    select distinct
        record_id,
        source_table
    from record_keys
),

labels_0 as {{ materialized_cte() }} (
    select
        record_id,
        record_id as label
    from records
),

{%- for pass in range(1, passes + 1) %}

key_labels_{{ pass }} as {{ materialized_cte() }} (
    select
        record_keys.link_key,
        min(labels.label) as label
    from record_keys
    inner join labels_{{ pass - 1 }} as labels
        on record_keys.record_id = labels.record_id
    group by record_keys.link_key
),

labels_{{ pass }} as {{ materialized_cte() }} (
    select
        labels.record_id,
        least(labels.label, coalesce(min(key_labels.label), labels.label))
            as label
    from labels_{{ pass - 1 }} as labels
    left join record_keys
        on labels.record_id = record_keys.record_id
    left join key_labels_{{ pass }} as key_labels
        on record_keys.link_key = key_labels.link_key
    group by labels.record_id, labels.label
),
{%- endfor %}

-- The child's id is made from its steadiest key (LA person id, then UPN,
-- then name and birth date), not from file lines that change every extract.
anchors as (
    select
        labels.label,
        coalesce(
            min(
                case
                    when record_keys.link_key like 'person:%'
                        then record_keys.link_key
                end
            ),
            min(
                case
                    when record_keys.link_key like 'upn:%'
                        then record_keys.link_key
                end
            ),
            min(record_keys.link_key)
        ) as anchor_key
    from labels_{{ passes }} as labels
    left join record_keys
        on labels.record_id = record_keys.record_id
    group by labels.label
),

linked as (
    select
        records.record_id,
        records.source_table,
        {{ pseudonym('CH', 'anchors.anchor_key') }} as child_id
    from records
    inner join labels_{{ passes }} as labels
        on records.record_id = labels.record_id
    inner join anchors
        on labels.label = anchors.label
)

select * from linked
