{#- The academic year a date falls in runs from 1 September to 31 August;
    it is named by the calendar year it starts in (2021 for 2021/22). -#}
{% macro academic_year_start(date_column) -%}
    cast(extract(year from {{ date_column }}) as integer)
    - case when extract(month from {{ date_column }}) >= 9 then 0 else 1 end
{%- endmacro %}

{#- '2021/22' for 2021. -#}
{% macro academic_year_name(start_year) -%}
    concat(
        cast({{ start_year }} as varchar), '/',
        lpad(cast(({{ start_year }} + 1) % 100 as varchar), 2, '0')
    )
{%- endmacro %}

{#- An episode is open on a day when it has started and not yet ended
    (dates inclusive; no end means still open). -#}
{% macro is_open_on(start_column, end_column, day) -%}
    (
        {{ start_column }} <= {{ day }}
        and ({{ end_column }} is null or {{ day }} <= {{ end_column }})
    )
{%- endmacro %}

{#- National curriculum year in the academic year starting in a given year:
    the age on the 31 August before it, less 4 (aged 5: Year 1; aged 4:
    reception, 0). DfE school census guide. -#}
{% macro national_curriculum_year(date_of_birth, academic_year_start) -%}
    (
        {{ academic_year_start }}
        - cast(extract(year from {{ date_of_birth }}) as integer)
        - case
            when extract(month from {{ date_of_birth }}) >= 9 then 1 else 0
        end
        - 4
    )
{%- endmacro %}

{#- DfE's name of an academic year in its statistics files: '202122' for
    the year starting in 2021. -#}
{% macro dfe_time_period(start_year) -%}
    concat(
        cast({{ start_year }} as varchar),
        lpad(cast(({{ start_year }} + 1) % 100 as varchar), 2, '0')
    )
{%- endmacro %}
