{#- Small pieces of SQL whose spelling differs between engines, so that a
    model says what it means once and builds on DuckDB and on Spark. -#}

{#- The keyword of `select * <keyword> (columns)`, every column but those:
    `exclude` on DuckDB (and Snowflake), `except` on Spark (and BigQuery). -#}
{% macro star_except() -%}
    {{ return(adapter.dispatch('star_except', 'cmoe')()) }}
{%- endmacro %}

{% macro default__star_except() -%}exclude{%- endmacro %}

{% macro spark__star_except() -%}except{%- endmacro %}

{#- The ISO day of the week of a date: 1 Monday to 7 Sunday. -#}
{% macro iso_day_of_week(date_column) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'cmoe')(date_column)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_column) -%}
    extract(isodow from {{ date_column }})
{%- endmacro %}

{% macro spark__iso_day_of_week(date_column) -%}
    (weekday({{ date_column }}) + 1)
{%- endmacro %}

{#- Whole-number division (of non-negative numbers): `//` on DuckDB, `div`
    on Spark, floor of the quotient elsewhere. -#}
{% macro integer_divide(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_divide', 'cmoe')(dividend, divisor)) }}
{%- endmacro %}

{% macro default__integer_divide(dividend, divisor) -%}
    floor(({{ dividend }}) / ({{ divisor }}))
{%- endmacro %}

{% macro duckdb__integer_divide(dividend, divisor) -%}
    (({{ dividend }}) // ({{ divisor }}))
{%- endmacro %}

{% macro spark__integer_divide(dividend, divisor) -%}
    (({{ dividend }}) div ({{ divisor }}))
{%- endmacro %}

{#- The value of the row that orders last by `ordering` (a list of
    expressions, compared in turn) in a grouped select: DuckDB's arg_max,
    Spark's max_by. -#}
{% macro arg_max(value, ordering) -%}
    {{ return(adapter.dispatch('arg_max', 'cmoe')(value, ordering)) }}
{%- endmacro %}

{% macro duckdb__arg_max(value, ordering) -%}
    {%- if ordering is string -%}
    arg_max({{ value }}, {{ ordering }})
    {%- else -%}
    arg_max({{ value }}, struct_pack(
        {%- for column in ordering %}
        c{{ loop.index }} := {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
    {%- endif -%}
{%- endmacro %}

{% macro spark__arg_max(value, ordering) -%}
    {%- if ordering is string -%}
    max_by({{ value }}, {{ ordering }})
    {%- else -%}
    max_by({{ value }}, struct({{ ordering | join(', ') }}))
    {%- endif -%}
{%- endmacro %}

{#- A map from the keys to the values of a group's rows (an aggregate). -#}
{% macro map_of(key, value) -%}
    {{ return(adapter.dispatch('map_of', 'cmoe')(key, value)) }}
{%- endmacro %}

{% macro duckdb__map_of(key, value) -%}
    map(list({{ key }}), list({{ value }}))
{%- endmacro %}

{% macro spark__map_of(key, value) -%}
    map_from_entries(collect_list(struct({{ key }}, {{ value }})))
{%- endmacro %}

{#- A date's digits, yyyymmdd (20210305 for 5 March 2021), as text. -#}
{% macro date_digits(date_column) -%}
    replace(cast({{ date_column }} as {{ dbt.type_string() }}), '-', '')
{%- endmacro %}

{#- Rows of one row per value, the values given as SQL expressions (in a
    select list, beside the other columns). -#}
{% macro unnest_values(values) -%}
    {{ return(adapter.dispatch('unnest_values', 'cmoe')(values)) }}
{%- endmacro %}

{% macro duckdb__unnest_values(values) -%}
    unnest([{{ values | join(', ') }}])
{%- endmacro %}

{% macro spark__unnest_values(values) -%}
    explode(array({{ values | join(', ') }}))
{%- endmacro %}

{#- The incremental strategy that replaces the rows of the keys a run brings
    again: delete+insert on DuckDB. Spark's parquet tables cannot delete
    rows (merge needs Delta or Iceberg): a Spark build starts from empty
    tables (cmoe spark-build), where the strategy is not used. -#}
{% macro replace_by_key_strategy() -%}
    {{ return(adapter.dispatch('replace_by_key_strategy', 'cmoe')()) }}
{%- endmacro %}

{% macro default__replace_by_key_strategy() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__replace_by_key_strategy() -%}
    {{ return('append') }}
{%- endmacro %}

{#- A whole number as a floating-point factor, so that a rate worked out
    with it is a double on every engine: 100.0 is a decimal on Spark, and
    its sums and quotients stay decimals (DuckDB divides them as doubles). -#}
{% macro float_literal(number) -%}
    {{ return(adapter.dispatch('float_literal', 'cmoe')(number)) }}
{%- endmacro %}

{% macro default__float_literal(number) -%}{{ number }}.0{%- endmacro %}

{% macro spark__float_literal(number) -%}{{ number }}D{%- endmacro %}
