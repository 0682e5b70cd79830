{#- Connected components by label propagation: items that share a key are one
    group, and so are items linked through a chain of shared keys. `item_keys`
    names a CTE of (item, key) rows, every item with at least one key (its own
    id will do); the macro writes CTEs ending in `<prefix>_labels` (item,
    label: the smallest item id of its group after `passes` passes). A
    singular test per use checks that the passes were enough. -#}
{% macro connected_component_ctes(item_keys, item, key, passes, prefix) -%}
    {{ return(adapter.dispatch('connected_component_ctes', 'cmoe')(
        item_keys, item, key, passes, prefix
    )) }}
{%- endmacro %}

{% macro default__connected_component_ctes(
    item_keys, item, key, passes, prefix
) -%}
{{ prefix }}_items as (
    select distinct {{ item }} as item from {{ item_keys }}
),

{{ prefix }}_labels_0 as {{ materialized_cte() }} (
    select item, item as label from {{ prefix }}_items
),
{%- for pass in range(1, passes + 1) %}

{{ prefix }}_key_labels_{{ pass }} as {{ materialized_cte() }} (
    select
        item_keys.{{ key }} as link_key,
        min(labels.label) as label
    from {{ item_keys }} as item_keys
    inner join {{ prefix }}_labels_{{ pass - 1 }} as labels
        on item_keys.{{ item }} = labels.item
    group by item_keys.{{ key }}
),

{{ prefix }}_labels_{{ pass }} as {{ materialized_cte() }} (
    select
        labels.item,
        least(labels.label, coalesce(min(key_labels.label), labels.label))
            as label
    from {{ prefix }}_labels_{{ pass - 1 }} as labels
    left join {{ item_keys }} as item_keys
        on labels.item = item_keys.{{ item }}
    left join {{ prefix }}_key_labels_{{ pass }} as key_labels
        on item_keys.{{ key }} = key_labels.link_key
    group by labels.item, labels.label
),
{%- endfor %}

{{ prefix }}_labels as (
    select item, label from {{ prefix }}_labels_{{ passes }}
)
{%- endmacro %}

{#- Spark inlines a CTE at each use: a pass that reads the previous one
    twice doubles the plan at every pass. Here each pass reads the previous
    once: every (item, key) row with the item's label and the smallest label
    of its key (a window; a null key links nothing), then the smallest of
    those per item. The same labels, as every item has a key. -#}
{% macro spark__connected_component_ctes(
    item_keys, item, key, passes, prefix
) -%}
{{ prefix }}_labels_0 as (
    select {{ item }} as item, min({{ item }}) as label
    from {{ item_keys }}
    group by {{ item }}
),
{%- for pass in range(1, passes + 1) %}

{{ prefix }}_labels_{{ pass }} as (
    select
        item,
        least(min(label), min(key_label)) as label
    from (
        select
            item_keys.{{ item }} as item,
            labels.label,
            case
                when item_keys.{{ key }} is not null
                    then min(labels.label) over (
                        partition by item_keys.{{ key }}
                    )
            end as key_label
        from {{ item_keys }} as item_keys
        inner join {{ prefix }}_labels_{{ pass - 1 }} as labels
            on item_keys.{{ item }} = labels.item
    ) as keyed
    group by item
),
{%- endfor %}

{{ prefix }}_labels as (
    select item, label from {{ prefix }}_labels_{{ passes }}
)
{%- endmacro %}

{#- Two name keys one child could be recorded under: a typo away (one letter
    dropped, doubled, changed or swapped with the next: Damerau-Levenshtein
    distance 1) or close by Jaro-Winkler similarity (0.9 or more: forgiving
    of differences towards the end of a long name). -#}
{% macro names_alike(left, right) -%}
    {{ return(adapter.dispatch('names_alike', 'cmoe')(left, right)) }}
{%- endmacro %}

{% macro default__names_alike(left, right) -%}
    ({{ left }} = {{ right }})
{%- endmacro %}

{% macro duckdb__names_alike(left, right) -%}
    (
        damerau_levenshtein({{ left }}, {{ right }}) <= 1
        or jaro_winkler_similarity({{ left }}, {{ right }}) >= 0.9
    )
{%- endmacro %}

{#- Spark has neither Damerau-Levenshtein nor Jaro-Winkler: the same tests
    in SQL (macros one_edit_apart and jaro_winkler_similarity). -#}
{% macro spark__names_alike(left, right) -%}
    (
        {{ cmoe.one_edit_apart(left, right, at_most=true) }}
        or {{ cmoe.jaro_winkler_similarity(left, right) }} >= 0.9
    )
{%- endmacro %}

{#- True when two texts are one edit apart by Damerau-Levenshtein distance
    (a character dropped, added or changed, or two next to each other
    swapped); with at_most, equal texts too. -#}
{% macro one_edit_apart(left, right, at_most=false) -%}
    {{ return(adapter.dispatch('one_edit_apart', 'cmoe')(
        left, right, at_most
    )) }}
{%- endmacro %}

{% macro duckdb__one_edit_apart(left, right, at_most) -%}
    (damerau_levenshtein({{ left }}, {{ right }})
        {{ '<=' if at_most else '=' }} 1)
{%- endmacro %}

{#- Levenshtein distance 1, or the same length and one adjacent pair of
    different characters swapped. -#}
{% macro spark__one_edit_apart(left, right, at_most) -%}
    (
        levenshtein({{ left }}, {{ right }}) {{ '<=' if at_most else '=' }} 1
        or (
            length({{ left }}) = length({{ right }})
            and exists(
                sequence(1, length({{ left }}) - 1),
                i -> substr({{ left }}, i, 1) <> substr({{ left }}, i + 1, 1)
                and concat(
                    substr({{ left }}, 1, i - 1),
                    substr({{ left }}, i + 1, 1),
                    substr({{ left }}, i, 1),
                    substr({{ left }}, i + 2)
                ) = {{ right }}
            )
        )
    )
{%- endmacro %}

{#- Jaro-Winkler similarity (0 to 1), as DuckDB's jaro_winkler_similarity:
    characters match when equal and at most max(length) / 2 - 1 apart,
    each matched once, left to right; half the matched characters out of
    order are transpositions; a common prefix of up to 4 characters adds
    0.1 of the rest for each character when the Jaro similarity is over
    0.7. Spark: higher-order functions over the positions. -#}
{% macro jaro_winkler_similarity(left, right) -%}
    {{ return(adapter.dispatch('jaro_winkler_similarity', 'cmoe')(
        left, right
    )) }}
{%- endmacro %}

{% macro duckdb__jaro_winkler_similarity(left, right) -%}
    jaro_winkler_similarity({{ left }}, {{ right }})
{%- endmacro %}

{% macro spark__jaro_winkler_similarity(left, right) -%}
    {%- set window = 'greatest(greatest(length(' ~ left ~ '), length('
        ~ right ~ ')) div 2 - 1, 0)' -%}
    {#- matched: which right positions matched, and the left's matched
        characters in order -#}
    {%- set matched -%}
        aggregate(
            sequence(1, length({{ left }})),
            named_struct(
                'used', array_repeat(false, length({{ right }})),
                'left_chars', ''
            ),
            (state, i) -> coalesce(
                transform(
                    slice(filter(
                        sequence(1, length({{ right }})),
                        j -> abs(j - i) <= {{ window }}
                        and not state.used[j - 1]
                        and substr({{ right }}, j, 1)
                            = substr({{ left }}, i, 1)
                    ), 1, 1),
                    j -> named_struct(
                        'used', transform(
                            state.used, (used, k) -> used or k = j - 1
                        ),
                        'left_chars', concat(
                            state.left_chars, substr({{ left }}, i, 1)
                        )
                    )
                )[0],
                state
            )
        )
    {%- endset -%}
    {%- set scored -%}
        transform(array({{ matched }}), state -> named_struct(
            'matches', length(state.left_chars),
            'left_chars', state.left_chars,
            'right_chars', array_join(filter(
                transform(
                    sequence(1, length({{ right }})),
                    j -> if(state.used[j - 1], substr({{ right }}, j, 1), null)
                ),
                c -> c is not null
            ), '')
        ))[0]
    {%- endset -%}
    {%- set jaro -%}
        transform(array({{ scored }}), s -> case
            when s.matches = 0 then 0.0
            else (
                s.matches / length({{ left }})
                + s.matches / length({{ right }})
                + (s.matches - size(filter(
                    sequence(1, s.matches),
                    k -> substr(s.left_chars, k, 1)
                        <> substr(s.right_chars, k, 1)
                )) div 2) / s.matches
            ) / 3
        end)[0]
    {%- endset -%}
    {%- set prefix -%}
        size(filter(
            sequence(1, least(4, length({{ left }}), length({{ right }}))),
            k -> substr({{ left }}, 1, k) = substr({{ right }}, 1, k)
        ))
    {%- endset -%}
    transform(array({{ jaro }}), jaro -> case
        when jaro > 0.7 then jaro + {{ prefix }} * 0.1 * (1 - jaro)
        else jaro
    end)[0]
{%- endmacro %}

{#- The kind of key a link key is, by its prefix (`upn:`, `education:` ...),
    and its rank: the steadier the key, the lower the rank. A child's id is
    made from its steadiest key, so that it survives new extracts. -#}
{% macro link_key_rank(link_key) -%}
    case split_part({{ link_key }}, ':', 1)
        when 'upn' then 1
        when 'education' then 2
        when 'social_care' then 3
        when 'school_upn' then 4
        else 5
    end
{%- endmacro %}

{#- How many of the columns hold a value: the row with more information wins
    when two rows give one episode. -#}
{% macro information_count(columns) -%}
    (
        {%- for column in columns %}
        case when {{ column }} is not null then 1 else 0 end
        {{- ' +' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{#- Latest line first: a record id `<file>:<line>` ordered by its file (the
    extract date is in the name) and then its line, descending. -#}
{% macro record_line_order(record_id) -%}
    split_part({{ record_id }}, ':', 1) desc,
    cast(split_part({{ record_id }}, ':', 2) as integer) desc
{%- endmacro %}

{#- The rows of several registers that identify a child, in the one shape
    every identity record shares: the record id and its lineage, the table
    it came from and how far it is trusted, the date it was recorded, then
    each identity column. `registers` is a list from var identity_registers
    (dbt_project.yml): each names its staging model, source_table,
    source_priority, record_id and recorded_date, the identity columns it
    carries under the same name and those it holds under another (renamed);
    the rest are typed nulls (the register does not know them). Rows held
    back in staging stay in: linking leaves them out, and
    int_held_back_spells_linked reads them. -#}
{% macro identity_records_unioned(registers) -%}
    {%- set identity_columns = {
        'recorded_end_date': 'date',
        'upn': dbt.type_string(),
        'education_person_id': dbt.type_string(),
        'social_care_person_id': dbt.type_string(),
        'forename': dbt.type_string(),
        'surname': dbt.type_string(),
        'date_of_birth': 'date',
        'sex': dbt.type_string(),
        'postcode': dbt.type_string(),
        'school_urn': dbt.type_string(),
        'enrolment_status': dbt.type_string(),
    } -%}
    {%- for register in registers %}
    {%- set renamed = register.get('renamed', {}) %}
    select
        {{ register.record_id }} as record_id,
        source_file,
        source_line,
        hold_back_rule,
        hold_back_detail,
        record_hash,
        '{{ register.source_table }}' as source_table,
        {{ register.source_priority }} as source_priority,
        {{ register.recorded_date }} as recorded_date,
        {%- for column, column_type in identity_columns.items() %}
        {%- if column in register.get('carried', []) %}
        {{ column }}
        {%- elif column in renamed %}
        {{ renamed[column] }} as {{ column }}
        {%- else %}
        cast(null as {{ column_type }}) as {{ column }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref(register.model) }}
    {%- if not loop.last %}

    union all
    {% endif %}
    {%- endfor %}
{%- endmacro %}
