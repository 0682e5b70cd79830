-- DfE's published figures, each LA's rate ranked among the LAs with a
-- published figure for the same publication, year, phase and measure, on
-- the rate as published (rounded): 1 is the lowest, ties share a rank, and
-- rank = 1 + the number of LAs with a lower rate. A marked figure (x, c, ...)
-- is not ranked and not counted; national and regional rows and counts are
-- not ranked.
--
-- Quartile band, from the rank r of n LAs: A when fewer than n/4 LAs have a
-- lower rate (r - 1 < n/4), B when fewer than n/2, C when fewer than 3n/4,
-- else D; that is band = floor(4 (r - 1) / n). Tied LAs share a rank, so
-- they share a band: a tie across a boundary goes to the lower band.
with

located as (
    select
        *,
        geographic_level = 'Local authority'
        and unit = 'percent'
        and value is not null as is_ranked
    from {{ ref('int_dfe_statistics_located') }}
),

{%- set same_figure %}
        partition by
            publication,
            academic_year_start,
            education_phase,
            measure,
            is_ranked
{%- endset %}

ranked as (
    select
        *,
        rank() over ({{ same_figure }} order by value) as figure_rank,
        count(*) over ({{ same_figure }}) as figures
    from located
),

{%- set band = integer_divide('4 * (figure_rank - 1)', 'figures') %}

banded as (
    select
        * {{ star_except() }} (is_ranked, figure_rank, figures),
        case when is_ranked then cast(figure_rank as integer) end as la_rank,
        case when is_ranked then cast(figures as integer) end as ranked_las,
        case
            when not is_ranked then null
            when {{ band }} = 0 then 'A'
            when {{ band }} = 1 then 'B'
            when {{ band }} = 2 then 'C'
            else 'D'
        end as quartile_band
    from ranked
)

select * from banded
