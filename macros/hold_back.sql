{#- The last step of a register's staging model: why a landed row is held
    back from the marts, as a rule code of the dq_rules seed (null when the
    row is used), and what exactly: incomplete at landing, superseded by a
    later extract of the same register, without the date that places it in
    time, ending before it starts, a spell or case that names no child (none
    of the register's child_keys, such as the UPN or person id, and not the
    full name with the date of birth: nothing can tie it to a child, so it
    can give no child provision), or a repeat of an earlier row. A held-back
    row stays in staging and is listed in fct_dq_issue. Emits two CTEs,
    `checked` and `held_back`, reading the CTE `typed` (which must carry
    landing_issue, extract_date, record_hash, source_file, source_line, and
    with child_keys forename, surname and date_of_birth). -#}
{% macro hold_back_steps(start_column, end_column=none, child_keys=none) -%}
checked as (
    select
        *,
        case
            when landing_issue is not null then 'incomplete_row'
            when extract_date < max(extract_date) over ()
                then 'superseded_extract'
            when {{ start_column }} is null then 'missing_start_date'
            {%- if end_column %}
            when {{ end_column }} < {{ start_column }} then 'end_before_start'
            {%- endif %}
            {%- if child_keys %}
            when
                {%- for key in child_keys %}
                {{ key }} is null
                and
                {%- endfor %}
                (
                    forename is null
                    or surname is null
                    or date_of_birth is null
                )
                then 'spell_without_child'
            {%- endif %}
            when
                row_number() over (
                    partition by extract_date, record_hash
                    order by source_file, source_line
                ) > 1
                then 'duplicate_row'
        end as hold_back_rule
    from typed
),

held_back as (
    select
        *,
        case hold_back_rule
            when 'incomplete_row' then landing_issue
            when 'superseded_extract'
                then concat(
                    'extract of ', cast(extract_date as {{ dbt.type_string() }})
                )
            {%- if end_column %}
            when 'end_before_start'
                then concat(
                    cast({{ start_column }} as {{ dbt.type_string() }}), ' to ',
                    cast({{ end_column }} as {{ dbt.type_string() }})
                )
            {%- endif %}
            {%- if child_keys %}
            {%- set keys = child_keys | join(' or ') %}
            when 'spell_without_child'
                then 'no {{ keys }}, nor full name and date of birth'
            {%- endif %}
            when 'duplicate_row'
                then concat('repeats line ', cast(min(source_line) over (
                    partition by extract_date, record_hash, source_file
                ) as {{ dbt.type_string() }}))
        end as hold_back_detail
    from checked
)
{%- endmacro %}
