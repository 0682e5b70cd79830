{#- The sources as tables of the engine, over the files the landing step
    wrote (each source's meta external_location, as dbt-duckdb reads it):
    `dbt run-operation create_external_sources` before a build on an engine
    that cannot read files in a query's FROM. DuckDB reads them in place, so
    there it does nothing. -#}
{% macro create_external_sources(copies=none) -%}
    {{ return(adapter.dispatch('create_external_sources', 'cmoe')(copies)) }}
{%- endmacro %}

{% macro default__create_external_sources(copies) -%}
    {{ log(
        'Sources are read in place (meta external_location): none to create.',
        info=true
    ) }}
{%- endmacro %}

{#- Spark: a CSV source becomes a table over its folder, the files its name
    pattern matches, every column text; the attendance feed a view over its
    Parquet partitions (academic_year=/month=) with each row's file name
    (filename, as read_parquet's filename = true). Spark skips a file whose
    name starts with '_' (the landing step's inventories): it reads the copy
    named without it in the folder `copies` (cmoe.spark copies them). -#}
{% macro spark__create_external_sources(copies) -%}
    {%- set reader = modules.re.compile(
        "read_(csv|parquet)\\(\\s*'([^']+)'") -%}
    {%- for source in graph.sources.values()
        if source.meta.get('external_location')
        or source.config.meta.get('external_location') -%}
        {%- set location = source.config.meta.get('external_location')
            or source.meta.get('external_location') -%}
        {%- set found = reader.search(location) -%}
        {%- set path = found.group(2) | replace('{name}', source.name) -%}
        {%- set folder = path.split('/')[:-1] | join('/') -%}
        {%- set pattern = path.split('/')[-1] -%}
        {%- if pattern.startswith('_') and copies -%}
            {%- set folder = copies -%}
            {%- set pattern = pattern[1:] -%}
            {%- set path = folder ~ '/' ~ pattern -%}
        {%- endif -%}
        {%- set relation = source.schema ~ '.' ~ source.identifier -%}
        {%- do run_query('create database if not exists ' ~ source.schema) -%}
        {%- set existing = adapter.get_relation(
            database=none, schema=source.schema,
            identifier=source.identifier) -%}
        {%- if existing is not none -%}
            {%- do run_query('drop ' ~ ('view' if existing.is_view
                else 'table') ~ ' ' ~ relation) -%}
        {%- endif -%}
        {%- if found.group(1) == 'parquet' -%}
            {#- the partitions' root: the folder before the first wildcard -#}
            {%- set root = path.split('/*')[0] -%}
            {%- do run_query(
                'create view ' ~ relation ~ ' as select *,'
                ~ ' _metadata.file_path as filename'
                ~ ' from parquet.`' ~ root ~ '`') -%}
        {%- else -%}
            {#- one file: the file itself; a pattern: its folder, filtered -#}
            {%- set files = "path '" ~ folder ~ "', pathGlobFilter '"
                ~ pattern ~ "'" if '*' in pattern
                else "path '" ~ path ~ "'" -%}
            {%- do run_query(
                'create table ' ~ relation ~ ' using csv options ('
                ~ files ~ ", header 'true', multiLine 'true',"
                ~ " quote '\"', escape '\"')") -%}
        {%- endif -%}
        {{ log('Source ' ~ relation ~ ' over ' ~ path, info=true) }}
    {%- endfor -%}
{%- endmacro %}
