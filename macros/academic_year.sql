{#- The calendar year a year that begins in `first_month` started in, for a
    date: 2021 for 5 March 2022 when years begin in September. -#}
{% macro year_begun(date_column, first_month) -%}
    {{ return(adapter.dispatch('year_begun', 'cmoe')(
        date_column, first_month
    )) }}
{%- endmacro %}

{% macro default__year_begun(date_column, first_month) -%}
    (
        cast(extract(year from {{ date_column }}) as integer)
        - case
            when extract(month from {{ date_column }}) >= {{ first_month }}
                then 0
            else 1
        end
    )
{%- endmacro %}

{#- The academic year a date falls in runs from 1 September to 31 August;
    it is named by the calendar year it starts in (2021 for 2021/22). Age,
    compulsory school age and national curriculum year go by it. -#}
{% macro academic_year_start(date_column) -%}
    {{ cmoe.year_begun(date_column, 9) }}
{%- endmacro %}

{#- DfE's statistical year (exclusions, attendance, returns) runs 1 August to
    31 July, its three census terms autumn 1 August - 31 December, spring to
    Easter Sunday, summer to 31 July: a date in August belongs to the new
    year's autumn term (DfE pupil absence methodology, table 6). -#}
{% macro statistical_year_start(date_column) -%}
    {{ cmoe.year_begun(date_column, 8) }}
{%- endmacro %}

{#- '2021/22' for 2021. -#}
{% macro academic_year_name(start_year) -%}
    concat(
        cast({{ start_year }} as {{ dbt.type_string() }}), '/',
        lpad(
            cast(({{ start_year }} + 1) % 100 as {{ dbt.type_string() }}),
            2, '0'
        )
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
        cast({{ start_year }} as {{ dbt.type_string() }}),
        lpad(
            cast(({{ start_year }} + 1) % 100 as {{ dbt.type_string() }}),
            2, '0'
        )
    )
{%- endmacro %}

{#- The name of a national curriculum year as DfE's returns show it:
    'Reception' for 0, else 'Year <n>'. -#}
{% macro national_curriculum_year_name(year) -%}
    case
        when {{ year }} = 0 then 'Reception'
        else concat('Year ', cast({{ year }} as {{ dbt.type_string() }}))
    end
{%- endmacro %}
