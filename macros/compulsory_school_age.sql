{#- Compulsory school age starts on the prescribed day (31 March, 31 August,
    31 December) on or after the 5th birthday. Education Act 1996 s8(2) and
    the prescribed days order. -#}
{% macro compulsory_school_age_start(date_of_birth) -%}
    {{ return(adapter.dispatch('compulsory_school_age_start', 'cmoe')(
        date_of_birth
    )) }}
{%- endmacro %}

{% macro default__compulsory_school_age_start(date_of_birth) -%}
    {%- set fifth_birthday =
        'cast(' ~ dbt.dateadd('year', 5, date_of_birth) ~ ' as date)' -%}
    {%- set year = 'extract(year from ' ~ fifth_birthday ~ ')' -%}
    {%- set march_31 = cmoe.date_from_parts(year, 3, 31) -%}
    {%- set august_31 = cmoe.date_from_parts(year, 8, 31) -%}
    case
        when {{ fifth_birthday }} <= {{ march_31 }}
            then {{ march_31 }}
        when {{ fifth_birthday }} <= {{ august_31 }}
            then {{ august_31 }}
        else {{ cmoe.date_from_parts(year, 12, 31) }}
    end
{%- endmacro %}

{#- Compulsory school age ends on the school leaving date, the last Friday
    in June, of the school year (1 September to 31 August) in which the
    child turns 16. Education Act 1996 s8(3). -#}
{% macro compulsory_school_age_end(date_of_birth) -%}
    {%- set sixteenth_birthday =
        'cast(' ~ dbt.dateadd('year', 16, date_of_birth) ~ ' as date)' -%}
    {{ cmoe.last_friday_of_june(
        'extract(year from ' ~ sixteenth_birthday ~ ')'
        ~ ' + case when extract(month from ' ~ sixteenth_birthday
        ~ ') >= 9 then 1 else 0 end'
    ) }}
{%- endmacro %}

{% macro last_friday_of_june(year) -%}
    {{ return(adapter.dispatch('last_friday_of_june', 'cmoe')(year)) }}
{%- endmacro %}

{#- Portable: days since a known Friday (31 December 1999), modulo 7. -#}
{% macro default__last_friday_of_june(year) -%}
    {%- set june_30 = cmoe.date_from_parts(year, 6, 30) -%}
    {%- set days_since_friday = '(' ~ dbt.datediff(
        "cast('1999-12-31' as date)", june_30, 'day'
    ) ~ ') % 7' -%}
    cast({{ dbt.dateadd('day', '-' ~ days_since_friday, june_30) }} as date)
{%- endmacro %}

{% macro duckdb__last_friday_of_june(year) -%}
    {%- set june_30 = cmoe.date_from_parts(year, 6, 30) -%}
    {{ june_30 }} - cast((dayofweek({{ june_30 }}) + 2) % 7 as integer)
{%- endmacro %}

{% macro date_from_parts(year, month, day) -%}
    {{ return(adapter.dispatch('date_from_parts', 'cmoe')(year, month, day)) }}
{%- endmacro %}

{% macro duckdb__date_from_parts(year, month, day) -%}
    make_date(cast({{ year }} as integer), {{ month }}, {{ day }})
{%- endmacro %}

{% macro spark__date_from_parts(year, month, day) -%}
    make_date(cast({{ year }} as int), {{ month }}, {{ day }})
{%- endmacro %}

{% macro default__date_from_parts(year, month, day) -%}
    cast(concat(
        cast({{ year }} as {{ dbt.type_string() }}),
        '-', '{{ "%02d" | format(month) }}',
        '-', '{{ "%02d" | format(day) }}'
    ) as date)
{%- endmacro %}

{#- True when a child (a row of dim_child, or any relation with its two
    compulsory school age dates) is of compulsory school age on a day: the
    one test the cohort, the flags and the returns apply. -#}
{% macro of_compulsory_school_age_on(day, child='children') -%}
    {{ day }}
    between {{ child }}.compulsory_school_age_start_date
    and {{ child }}.compulsory_school_age_end_date
{%- endmacro %}
