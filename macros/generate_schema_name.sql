{#- Schemas named for what they hold (staging, marts, reporting), not prefixed
    with the target's default schema: BI tools read `reporting.rpt_*`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
