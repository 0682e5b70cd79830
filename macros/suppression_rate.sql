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
    publishes rates; null where either figure is suppressed or the base is 0. -#}
{% macro published_rate(count, base_count, rounding_base=none) -%}
    round(
        100.0 * ({{ published_count(count, rounding_base) }})
        / nullif({{ published_count(base_count, rounding_base) }}, 0),
        2
    )
{%- endmacro %}
