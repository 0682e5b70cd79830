-- DfE's published figures with every row's codes and region: where a file
-- gives no LA code (the exclusions timeseries before EES names its LAs only)
-- or no region, the la_codes seed gives them, matched by old code, GSS code
-- or, failing both, name. LAs abolished before the seed's list (Bedfordshire
-- before 2009, Bournemouth, Poole, Cumbria, Northamptonshire) keep no code;
-- a regional row whose name is no region of today (Inner London, Outer
-- London) keeps no region code.
with

statistics as (
    select * from {{ ref('stg_dfe__statistics') }}
),

la_codes as (
    select
        *,
        {{ la_name_key('la_name') }} as la_key
    from {{ ref('la_codes') }}
),

regions as (
    select distinct
        region_code,
        region_name,
        {{ name_key('region_name') }} as region_key
    from la_codes
),

located as (
    select
        statistics.* {{ star_except() }} (
            old_la_code, new_la_code, region_code, region_name
        ),
        coalesce(statistics.old_la_code, la_codes.la_code) as old_la_code,
        coalesce(statistics.new_la_code, la_codes.gss_code) as new_la_code,
        coalesce(
            statistics.region_code, la_codes.region_code, regions.region_code
        ) as region_code,
        coalesce(
            statistics.region_name, la_codes.region_name, regions.region_name
        ) as region_name
    from statistics
    left join la_codes
        on
            statistics.geographic_level = 'Local authority'
            and (
                statistics.old_la_code = la_codes.la_code
                or statistics.new_la_code = la_codes.gss_code
                or (
                    statistics.old_la_code is null
                    and statistics.new_la_code is null
                    and {{ la_name_key('statistics.la_name') }}
                    = la_codes.la_key
                )
            )
    left join regions
        on
            statistics.geographic_level = 'Regional'
            and statistics.region_code is null
            and {{ name_key('statistics.region_name') }} = regions.region_key
)

select * from located
