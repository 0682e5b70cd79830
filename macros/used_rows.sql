{#- A register's rows the build uses (none held back in staging), each with
    the child it belongs to: `used_rows.*` plus `child_id` from
    int_identity_records_linked, joined on the row's record id. Every model
    that turns a register's rows into cases, spells or episodes starts here. -#}
{% macro used_rows_with_child(staging_model, record_id) -%}
    select
        used_rows.*,
        links.child_id
    from {{ ref(staging_model) }} as used_rows
    inner join {{ ref('int_identity_records_linked') }} as links
        on used_rows.{{ record_id }} = links.record_id
    where used_rows.hold_back_rule is null
{%- endmacro %}

{#- Where a case prepared from one landed row came from, in the columns
    int_cases_deduplicated merges when a case was keyed twice: the register's
    table, the row's reference (its record id unless the register has a
    reference of its own), and that row as the first and only record. -#}
{% macro single_row_case_source(
    source_table, record_id, source_record_ids=none
) -%}
    '{{ source_table }}' as source_table,
    {{ source_record_ids or record_id }} as source_record_ids,
    1 as source_record_count,
    {{ record_id }} as first_record_id
{%- endmacro %}
