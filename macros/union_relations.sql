{#- Union relations that share some columns: every relation gives every
    column in `columns` (name: type), null where it does not have it, in one
    order. A type 'varchar' is the engine's text type (dbt.type_string).
    Columns are read from the built relations at run time. -#}
{% macro union_relations(relations, columns) -%}
    {%- for relation in relations %}
        {%- set present = [] %}
        {%- if execute %}
            {%- for column in adapter.get_columns_in_relation(relation) %}
                {%- do present.append(column.name | lower) %}
            {%- endfor %}
        {%- endif %}
    select
        {%- for name, type in columns.items() %}
        {% if name in present %}{{ name }}
        {%- else %}cast(null as {{ dbt.type_string() if type == 'varchar'
            else type }}) as {{ name }}{% endif %}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
