-- One row per date: the school calendar as the models count it
-- (int_calendar_dates_described), for BI tools and reports.
with

calendar_dates as (
    select * from {{ ref('int_calendar_dates_described') }}
)

select * from calendar_dates
