{#- Every landed row of an external source with the file it came from
    (source_file), its line in that file (source_line: the header is line 1;
    Parquet rows from 1), the file's extract date (extract_date, from the
    name: <extract>_<yyyymmdd>.<suffix>) and what the landing step found
    wrong with the row's shape (landing_issue, e.g. 'truncated_row: 3 of 12
    fields'; null when nothing). line_number says how the rows are numbered:
    'landed' (the default): a register's canonical copy, written by the
    landing step (cmoe/landing.py), which carries source_file, source_line
    and landing_issue itself, and gets record_hash too (a hash of the row's
    fields as landed, for finding repeated rows); 'ordinality': a CSV file
    read in place (the CSV attendance feed), its rows in order after the
    header; or the name of a 0-based row-number column the reader provides
    (the Parquet feed's file_row_number). -#}
{% macro landed_rows(relation, line_number='landed') -%}
    {{ return(adapter.dispatch('landed_rows', 'cmoe')(relation, line_number)) }}
{%- endmacro %}

{% macro duckdb__landed_rows(relation, line_number) -%}
    {%- if line_number == 'landed' -%}
    select
        * replace (cast(source_line as integer) as source_line),
        cast(strptime(
            regexp_extract(source_file, '_([0-9]{8})[.][A-Za-z]+$', 1), '%Y%m%d'
        ) as date) as extract_date,
        md5(cast(row(
            *columns(* exclude (source_file, source_line, landing_issue))
        ) as varchar)) as record_hash
    from {{ relation }}
    {%- else -%}
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
        ) as date) as extract_date,
        cast(null as varchar) as landing_issue
    from {{ relation }}
    {%- if line_number == 'ordinality' %} with ordinality{% endif %}
    {%- endif %}
{%- endmacro %}
