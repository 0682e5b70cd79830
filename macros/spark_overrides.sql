{#- dbt-spark's listagg drops the order (collect_list has none): Spark 4's
    listagg ... within group keeps it, as on DuckDB. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error(
            'listagg on Spark: limit_num is not supported') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }})
    {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}

{#- A contract's not_null constraints: dbt-spark sets them with ALTER
    COLUMN ... SET NOT NULL, which only Delta tables support. On other
    table formats (the local build's Parquet) they are left to the models'
    not_null tests, as DuckDB's own constraints are not needed there. -#}
{% macro spark__alter_column_set_constraints(relation, column_dict) %}
    {%- if config.get('file_format', 'parquet') == 'delta' -%}
        {{ dbt_spark.spark__alter_column_set_constraints(
            relation, column_dict) }}
    {%- else -%}
        {{ log('Not null constraints of ' ~ relation
            ~ ' left to its tests: its format cannot hold them') }}
    {%- endif -%}
{% endmacro %}
