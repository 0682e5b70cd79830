{#- Every landed row of an external source with the file it came from
    (source_file), its line in that file (source_line: the header is line 1;
    Parquet rows from 1), the file's extract date (extract_date, from the
    name: <extract>_<yyyymmdd>.<suffix>) and what the landing step found
    wrong with the row's shape (landing_issue, e.g. 'truncated_row: 3 of 12
    fields'; null when nothing). line_number says how the rows are numbered:
    'landed' (the default): a register's canonical copy, written by the
    landing step (cmoe/landing/), which carries source_file, source_line
    and landing_issue itself, and gets record_hash too (a hash of the row's
    fields as landed, for finding repeated rows); 'carried': files the
    landing step wrote with each row's raw file and line (source_file,
    source_line; the attendance feed's partitions, cmoe/feed_landing.py),
    named as their raw file, read with the reader's filename (the extract
    date is read from it: a constant per file, where a date parsed from
    source_file is parsed again on every row), no landing_issue;
    'ordinality': a CSV file read in place, its rows in order after the
    header; or the name of a 0-based row-number column the reader provides
    (a Parquet file's file_row_number). -#}
{% macro landed_rows(relation, line_number='landed') -%}
    {{ return(adapter.dispatch('landed_rows', 'cmoe')(relation, line_number)) }}
{%- endmacro %}

{% macro duckdb__landed_rows(relation, line_number) -%}
    {#- Carried: the landing step wrote source_file and source_line. -#}
    {%- set carried = line_number in ['landed', 'carried'] -%}
    {%- set file_column =
        'source_file' if line_number == 'landed' else 'filename' -%}
    select
        {% if line_number == 'landed' -%}
        * replace (cast(source_line as integer) as source_line),
        {%- else -%}
        *,
        {%- endif %}
        {%- if not carried %}
        regexp_extract(filename, '[^/\\]+$') as source_file,
        {% if line_number == 'ordinality' -%}
        ordinality - min(ordinality) over (partition by filename) + 2
        {%- else -%}
        {{ line_number }} + 1
        {%- endif %} as source_line,
        {%- endif %}
        cast(strptime(
            regexp_extract(
                {{ file_column }}, '_([0-9]{8})[.][A-Za-z]+$', 1
            ),
            '%Y%m%d'
        ) as date) as extract_date,
        {% if line_number == 'landed' -%}
        md5(cast(row(
            *columns(* exclude (source_file, source_line, landing_issue))
        ) as varchar)) as record_hash
        {%- else -%}
        cast(null as varchar) as landing_issue
        {%- endif %}
    from {{ relation }}
    {%- if line_number == 'ordinality' %} with ordinality{% endif %}
{%- endmacro %}

{#- Spark: the same columns; a row's hash over its fields as JSON (the
    columns read from the relation), the file name from the reader's path
    (a URI on Spark). Lines numbered by the landing step only ('landed',
    'carried'). -#}
{% macro spark__landed_rows(relation, line_number) -%}
    {%- if line_number not in ['landed', 'carried'] -%}
        {{ exceptions.raise_compiler_error(
            'landed_rows on Spark: line_number ' ~ line_number
            ~ ' is not supported (landed or carried)') }}
    {%- endif -%}
    {%- set file_column =
        'source_file' if line_number == 'landed' else 'filename' -%}
    select
        {% if line_number == 'landed' -%}
        * except (source_line),
        cast(source_line as integer) as source_line,
        {%- else -%}
        *,
        {%- endif %}
        to_date(
            regexp_extract({{ file_column }}, '_([0-9]{8})[.][A-Za-z]+$', 1),
            'yyyyMMdd'
        ) as extract_date,
        {% if line_number == 'landed' -%}
        {%- set fields = [] -%}
        {%- if execute -%}
            {%- for column in adapter.get_columns_in_relation(relation)
                if column.name | lower not in
                    ['source_file', 'source_line', 'landing_issue'] -%}
                {%- do fields.append(column.name) -%}
            {%- endfor -%}
        {%- endif %}
        md5(to_json(struct({{ fields | join(', ') or "''" }}))) as record_hash
        {%- else -%}
        cast(null as string) as landing_issue
        {%- endif %}
    from {{ relation }}
{%- endmacro %}

{#- The lineage columns landed_rows gives a register's canonical copy, as a
    staging model passes them on: its file, line, extract date, what landing
    found wrong with the row's shape, and the row's hash. -#}
{% macro landed_lineage() -%}
    source_file,
    source_line,
    extract_date,
    landing_issue,
    record_hash
{%- endmacro %}
