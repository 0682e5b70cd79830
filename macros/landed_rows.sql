{#- Every landed row of an external source with the file it came from, its
    line in that file (the header is line 1) and the file's extract date
    (from the name: <extract>_<yyyymmdd>.<suffix>). -#}
{% macro landed_rows(relation, line_number='ordinality') -%}
    {{ return(adapter.dispatch('landed_rows', 'cmoe')(relation, line_number)) }}
{%- endmacro %}

{% macro duckdb__landed_rows(relation, line_number) -%}
    select
        *,
        regexp_extract(filename, '[^/\\]+$') as source_file,
        {% if line_number == 'ordinality' -%}
        ordinality - min(ordinality) over (partition by filename) + 2
        {%- else -%}
        {{ line_number }} + 1
        {%- endif %} as source_line,
        cast(strptime(
            regexp_extract(filename, '_([0-9]{8})[.][A-Za-z]+$', 1), '%Y%m%d'
        ) as date) as extract_date
    from {{ relation }}
    {%- if line_number == 'ordinality' %} with ordinality{% endif %}
{%- endmacro %}
