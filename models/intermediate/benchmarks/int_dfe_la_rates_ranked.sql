-- Every LA's published rate ranked among the LAs with a published figure
-- for the same publication, year, phase and measure, on the rate as
-- published (rounded): 1 is the lowest, ties share a rank, and rank = 1 +
-- the number of LAs with a lower rate. A marked figure (x, c, ...) is not
-- ranked and not counted.
--
-- Quartile band, from the rank r of n LAs: A when fewer than n/4 LAs have a
-- lower rate (r - 1 < n/4), B when fewer than n/2, C when fewer than 3n/4,
-- else D; that is band = floor(4 (r - 1) / n). Tied LAs share a rank, so
-- they share a band: a tie across a boundary goes to the lower band.
with

rates as (
    select * from {{ ref('int_dfe_statistics_located') }}
    where
        geographic_level = 'Local authority'
        and unit = 'percent'
        and value is not null
),

ranked as (
    select
        source_file,
        source_line,
        measure,
        cast(rank() over (
            partition by publication, academic_year_start, education_phase, measure
            order by value
        ) as integer) as la_rank,
        cast(count(*) over (
            partition by publication, academic_year_start, education_phase, measure
        ) as integer) as ranked_las
    from rates
),

banded as (
    select
        *,
        case (4 * (la_rank - 1)) // ranked_las
            when 0 then 'A'
            when 1 then 'B'
            when 2 then 'C'
            else 'D'
        end as quartile_band
    from ranked
)

select * from banded
