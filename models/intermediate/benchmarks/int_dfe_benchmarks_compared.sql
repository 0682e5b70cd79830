-- The LA's published rates (var local_authority_code) beside England's and
-- its region's, with its rank and quartile band among the LAs: one row per
-- publication, year, phase and measure the files give for the LA.
with

located as (
    select * from {{ ref('int_dfe_statistics_located') }}
    where unit = 'percent'
),

ranks as (
    select * from {{ ref('int_dfe_la_rates_ranked') }}
),

local_authority as (
    select * from {{ ref('la_codes') }}
    where la_code = '{{ var("local_authority_code") }}'
),

la_rates as (
    select located.*
    from located
    inner join local_authority
        on located.old_la_code = local_authority.la_code
    where located.geographic_level = 'Local authority'
),

england_rates as (
    select * from located
    where geographic_level = 'National'
),

region_rates as (
    select located.*
    from located
    inner join local_authority
        on located.region_code = local_authority.region_code
    where located.geographic_level = 'Regional'
),

compared as (
    select
        la_rates.publication,
        {{ academic_year_name('la_rates.academic_year_start') }}
            as academic_year,
        la_rates.academic_year_start,
        la_rates.education_phase,
        la_rates.measure,
        la_rates.old_la_code,
        la_rates.new_la_code,
        la_rates.la_name,
        local_authority.region_name,
        la_rates.value as la_rate,
        la_rates.marker as la_marker,
        england_rates.value as england_rate,
        region_rates.value as region_rate,
        ranks.la_rank,
        ranks.ranked_las,
        ranks.quartile_band,
        la_rates.source_file
    from la_rates
    cross join local_authority
    left join england_rates
        on
            la_rates.source_file = england_rates.source_file
            and la_rates.academic_year_start = england_rates.academic_year_start
            and la_rates.education_phase = england_rates.education_phase
            and la_rates.measure = england_rates.measure
    left join region_rates
        on
            la_rates.source_file = region_rates.source_file
            and la_rates.academic_year_start = region_rates.academic_year_start
            and la_rates.education_phase = region_rates.education_phase
            and la_rates.measure = region_rates.measure
    left join ranks
        on
            la_rates.source_file = ranks.source_file
            and la_rates.source_line = ranks.source_line
            and la_rates.measure = ranks.measure
)

select * from compared
