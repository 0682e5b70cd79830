{#- A date as UK systems write it (dd/mm/yyyy, day and month with or without
    a leading zero), or ISO; null when it is neither. -#}
{% macro parse_uk_date(column) -%}
    {{ return(adapter.dispatch('parse_uk_date', 'cmoe')(column)) }}
{%- endmacro %}

{% macro default__parse_uk_date(column) -%}
    cast({{ column }} as date)
{%- endmacro %}

{% macro duckdb__parse_uk_date(column) -%}
    cast(try_strptime(trim({{ column }}), ['%d/%m/%Y', '%Y-%m-%d']) as date)
{%- endmacro %}

{#- A number as landed, or null when it is not one. -#}
{% macro parse_number(column, type='decimal(6, 2)') -%}
    {{ return(adapter.dispatch('parse_number', 'cmoe')(column, type)) }}
{%- endmacro %}

{% macro default__parse_number(column, type) -%}
    cast({{ column }} as {{ type }})
{%- endmacro %}

{% macro duckdb__parse_number(column, type) -%}
    try_cast(trim({{ column }}) as {{ type }})
{%- endmacro %}

{#- The identity of a landed row: its file and line. -#}
{% macro record_id(file_column='source_file', line_column='source_line') -%}
    concat(
        {{ file_column }}, ':',
        cast({{ line_column }} as {{ dbt.type_string() }})
    )
{%- endmacro %}

{#- Spark: dd/mm/yyyy (one or two digits for the day and month), else ISO;
    null when neither. -#}
{% macro spark__parse_uk_date(column) -%}
    coalesce(
        try_to_date(trim({{ column }}), 'd/M/yyyy'),
        try_to_date(trim({{ column }}), 'yyyy-MM-dd')
    )
{%- endmacro %}

{% macro spark__parse_number(column, type) -%}
    try_cast(trim({{ column }}) as {{ type }})
{%- endmacro %}
