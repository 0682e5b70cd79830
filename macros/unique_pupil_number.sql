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

{#- 'permanent', 'temporary', 'invalid' (wrong shape or check letter) or
    'missing'. -#}
{% macro upn_status(column) -%}
    {%- set upn_shape = '^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$' -%}
    case
        when {{ column }} is null then 'missing'
        when length({{ column }}) <> 13
            or not {{ cmoe.matches_pattern(column, upn_shape) }}
            then 'invalid'
        when substr('{{ cmoe.upn_check_letters() }}', (
            {%- for position in range(2, 14) %}
            {{ upn_character_value(
                'substr(' ~ column ~ ', ' ~ position ~ ', 1)'
            ) }} * {{ position }}
            {{- ' +' if not loop.last }}
            {%- endfor %}
        ) % 23 + 1, 1) <> substr({{ column }}, 1, 1) then 'invalid'
        when substr({{ column }}, 13, 1) between '0' and '9' then 'permanent'
        else 'temporary'
    end
{%- endmacro %}
