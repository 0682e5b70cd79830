-- The termly EHE and CME return as the LA may publish it: the four raw
-- tables in one, named as DfE's files (ehe_census, ehe_full_year,
-- cme_census, cme_full_year) with DfE's time and geography columns, every
-- count rounded and suppressed as DfE does for LA figures
-- (round_and_suppress: nearest var suppression_rounding_base, 'low', 'x',
-- 'z'). CME's time missing and primary reason were not collected before
-- var cme_breakdowns_collected_from: not applicable there (census day).
{#- Each raw table, under DfE's name of its file; a census-day table's
    measure is named here. -#}
{%- set tables = [
    ('ehe_census', 'rpt_ehe_census_return', "'EHE on census day'"),
    ('ehe_full_year', 'rpt_ehe_full_year_return', 'measure'),
    ('cme_census', 'rpt_cme_census_return', "'CME on census day'"),
    ('cme_full_year', 'rpt_cme_full_year_return', 'measure'),
] %}

with

{%- for name, model, measure in tables %}

{{ name }} as (
    select * from {{ ref(model) }}
),
{%- endfor %}

local_authorities as (
    select * from {{ ref('la_codes') }}
    where la_code = '{{ var("local_authority_code") }}'
),

cells as (
    {%- for name, model, measure in tables %}
    select
        '{{ name }}' as return_table,
        academic_year,
        census_term,
        census_date,
        {{ measure }} as measure,
        breakdown_topic,
        breakdown,
        breakdown_order,
        child_count
    from {{ name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

published as (
    select
        {{ dfe_time_period(academic_year_start('cells.census_date')) }}
            as time_period,
        concat(
            upper(substr(cells.census_term, 1, 1)),
            substr(cells.census_term, 2),
            ' term'
        ) as time_identifier,
        'Local authority' as geographic_level,
        'E92000001' as country_code,
        'England' as country_name,
        local_authorities.region_code,
        local_authorities.region_name,
        local_authorities.la_code as old_la_code,
        local_authorities.gss_code as new_la_code,
        local_authorities.la_name,
        cells.return_table,
        cells.academic_year,
        cells.census_term,
        cells.census_date,
        cells.measure,
        cells.breakdown_topic,
        cells.breakdown,
        cells.breakdown_order,
        {{ round_and_suppress(
            'cells.child_count',
            not_applicable="cells.return_table = 'cme_census'"
            ~ " and cells.breakdown_topic in"
            ~ " ('Time missing education', 'Primary reason')"
            ~ " and cells.census_date < cast('"
            ~ var('cme_breakdowns_collected_from') ~ "' as date)"
        ) }} as child_count
    from cells
    cross join local_authorities
)

select * from published
