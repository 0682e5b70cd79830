{#- Episodes a child has open at once: each episode that starts while an
    earlier one of its group (the same partition_columns) is still open,
    with the first begun of those it overlaps (its overlapped_columns, each
    named overlapped_<column>). Dates are inclusive: an episode starting the
    day the earlier one ends overlaps it; one starting the day after only
    touches. Earlier is starting before, or the same day with a smaller id.
    A differing_column, if given, must differ between the two (two schools'
    rolls at once; one school's roll twice is another fault). A select over
    the CTE or relation `episodes`. -#}
{% macro later_overlapping_episodes(
    episodes,
    partition_columns,
    start_column,
    end_column,
    id_column,
    overlapped_columns=[],
    differing_column=none
) -%}
select
    later.*
    {%- for column in overlapped_columns %},
    earlier.{{ column }} as overlapped_{{ column }}
    {%- endfor %}
from {{ episodes }} as later
inner join {{ episodes }} as earlier
    on
        {%- for column in partition_columns %}
        later.{{ column }} = earlier.{{ column }}
        and
        {%- endfor %}
        {%- if differing_column %}
        later.{{ differing_column }} <> earlier.{{ differing_column }}
        and
        {%- endif %}
        (
            later.{{ start_column }} > earlier.{{ start_column }}
            or (
                later.{{ start_column }} = earlier.{{ start_column }}
                and later.{{ id_column }} > earlier.{{ id_column }}
            )
        )
        and later.{{ start_column }} <= coalesce(
            earlier.{{ end_column }}, cast('9999-12-31' as date)
        )
qualify row_number() over (
    partition by later.{{ id_column }}
    order by earlier.{{ start_column }}, earlier.{{ id_column }}
) = 1
{%- endmacro %}
