{#- UPN check letter (DfE Common Basic Data Set): the
    characters in positions 2 to 13, weighted 2 to 13 (a letter counts as its
    place in the check alphabet), summed modulo 23, name the first letter. -#}
{% macro upn_check_letters() -%}
    ABCDEFGHJKLMNPQRTUVWXYZ
{%- endmacro %}

{% macro upn_character_value(character) -%}
    case
        when {{ character }} between '0' and '9'
            then cast({{ character }} as integer)
        else position({{ character }} in '{{ cmoe.upn_check_letters() }}') - 1
    end
{%- endmacro %}

{#- What kind of UPN a value is: 'permanent' (a letter, 12 digits, the
    right check letter), 'temporary' (11 digits and a letter, the right check
    letter), 'wrong_check_letter' (the right shape, a check letter its
    characters do not give: mistyped), 'wrong_shape' or 'missing'. Only a
    permanent UPN identifies a child on its own. -#}
{% macro upn_status(column) -%}
    {%- set upn_shape = '^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$' -%}
    case
        when {{ column }} is null then 'missing'
        when length({{ column }}) <> 13
            or not {{ cmoe.matches_pattern(column, upn_shape) }}
            then 'wrong_shape'
        when substr('{{ cmoe.upn_check_letters() }}', (
            {%- for position in range(2, 14) %}
            {{ upn_character_value(
                'substr(' ~ column ~ ', ' ~ position ~ ', 1)'
            ) }} * {{ position }}
            {{- ' +' if not loop.last }}
            {%- endfor %}
        ) % 23 + 1, 1) <> substr({{ column }}, 1, 1) then 'wrong_check_letter'
        when substr({{ column }}, 13, 1) between '0' and '9' then 'permanent'
        else 'temporary'
    end
{%- endmacro %}

{#- A postcode as a key: upper case, no spaces ('SN16 9TD' gives 'SN169TD'). -#}
{% macro postcode_key(column) -%}
    nullif(upper(replace({{ column }}, ' ', '')), '')
{%- endmacro %}

{#- A postcode's sector: the outward code and the first character of the
    inward code ('SN16 9TD' gives 'SN169'); a family that moves nearby often
    keeps it. -#}
{% macro postcode_sector(column) -%}
    {%- set key = cmoe.postcode_key(column) -%}
    case
        when length({{ key }}) >= 5
            then substr({{ key }}, 1, length({{ key }}) - 2)
    end
{%- endmacro %}
