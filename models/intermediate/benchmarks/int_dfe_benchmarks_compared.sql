-- The LA's published rates (var local_authority_code) beside England's and
-- its region's from the same file, with its rank and quartile band among
-- the LAs (int_dfe_statistics_ranked): one row per publication, year,
-- phase and measure the files give for the LA.
with

located as (
    select * from {{ ref('int_dfe_statistics_ranked') }}
    where unit = 'percent'
),

local_authority as (
    select * from {{ ref('la_codes') }}
    where la_code = '{{ var("local_authority_code") }}'
),

-- The LA's rows, England's and its region's, each with the area it is.
area_rates as (
    select
        located.*,
        case
            when located.geographic_level = 'National' then 'england'
            when located.geographic_level = 'Regional' then 'region'
            else 'la'
        end as area,
        local_authority.region_name as la_region_name
    from located
    inner join local_authority
        on
            located.geographic_level = 'National'
            or (
                located.geographic_level = 'Regional'
                and located.region_code = local_authority.region_code
            )
            or (
                located.geographic_level = 'Local authority'
                and located.old_la_code = local_authority.la_code
            )
),

compared as (
    select
        publication,
        {{ academic_year_name('academic_year_start') }} as academic_year,
        academic_year_start,
        education_phase,
        measure,
        max(old_la_code) filter (where area = 'la') as old_la_code,
        max(new_la_code) filter (where area = 'la') as new_la_code,
        max(la_name) filter (where area = 'la') as la_name,
        max(la_region_name) as region_name,
        max(value) filter (where area = 'la') as la_per_100,
        max(marker) filter (where area = 'la') as la_marker,
        max(value) filter (where area = 'england') as england_per_100,
        max(value) filter (where area = 'region') as region_per_100,
        max(la_rank) filter (where area = 'la') as la_rank,
        max(ranked_las) filter (where area = 'la') as ranked_las,
        max(quartile_band) filter (where area = 'la') as quartile_band,
        source_file
    from area_rates
    group by
        publication, academic_year_start, education_phase, measure, source_file
    having count(*) filter (where area = 'la') = 1
)

select * from compared
