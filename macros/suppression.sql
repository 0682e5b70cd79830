{#- A count as published, rounded and suppressed as DfE does for its
    statistics (explore education statistics conventions): 'x' where the
    count is unavailable (null), 'z' where it is not applicable, the true
    zero shown as `true_zero`, 'low' where a count that is not zero rounds
    to 0, else the count rounded half up to the nearest `rounding_base`
    (5 gives 10 and 25 gives 30 at base 10, not 20 as banker's rounding
    would). DfE rounds LA figures to the nearest 10 (var
    suppression_rounding_base) and national ones to the nearest 100.
    Returns text. -#}
{% macro round_and_suppress(
    count, rounding_base=none, true_zero='0', not_applicable='false'
) -%}
    {%- set base = rounding_base or var('suppression_rounding_base') -%}
    case
        when {{ not_applicable }} then 'z'
        when {{ count }} is null then 'x'
        when {{ count }} = 0 then '{{ true_zero }}'
        when floor(({{ count }} + {{ base }} / 2.0) / {{ base }}) = 0
            then 'low'
        else cast(
            cast(
                floor(({{ count }} + {{ base }} / 2.0) / {{ base }})
                * {{ base }} as {{ dbt.type_bigint() }}
            ) as {{ dbt.type_string() }}
        )
    end
{%- endmacro %}

{#- A count as round_and_suppress publishes it, back as a number: the rounded
    count, or null where it shows 'x', 'z' or 'low'. For a rate worked out
    from published figures only, so that the rate cannot give back the small
    count the rounding hid. -#}
{% macro published_count(count, rounding_base=none) -%}
    {%- set base = rounding_base or var('suppression_rounding_base') -%}
    case
        when {{ count }} is null then null
        when {{ count }} = 0 then 0
        when floor(({{ count }} + {{ base }} / 2.0) / {{ base }}) = 0
            then null
        else cast(
            floor(({{ count }} + {{ base }} / 2.0) / {{ base }}) * {{ base }}
            as {{ dbt.type_bigint() }}
        )
    end
{%- endmacro %}

{#- Per 100 of the published (rounded) figures, to 2 decimals as DfE
    publishes rates; null where either figure is suppressed or the base is
    0. A double on every engine (Spark would keep 100.0's decimal type). -#}
{% macro published_rate(count, base_count, rounding_base=none) -%}
    cast(round(
        100.0 * ({{ published_count(count, rounding_base) }})
        / nullif({{ published_count(base_count, rounding_base) }}, 0),
        2
    ) as double)
{%- endmacro %}

{#- Per 100 of a raw base, to 2 decimals, shown only for a group of at least
    rounding_base members (var suppression_rounding_base), so that no rate
    is one child's figure. -#}
{% macro group_rate(count, base, group_size, rounding_base=none) -%}
    {%- set smallest = rounding_base or var('suppression_rounding_base') -%}
    case
        when {{ group_size }} >= {{ smallest }}
            then cast(
                round(100.0 * {{ count }} / nullif({{ base }}, 0), 2)
                as double
            )
    end
{%- endmacro %}
