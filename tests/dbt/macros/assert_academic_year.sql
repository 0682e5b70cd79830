-- Academic year: 1 September to 31 August, named by the year it starts in,
-- '2020/21' for 2020 (DfE statistics conventions).
with

vectors (calendar_date, expected_start, expected_name) as (
    values
    ('2021-08-31', 2020, '2020/21'),
    ('2021-09-01', 2021, '2021/22'),
    ('2022-01-01', 2021, '2021/22'),
    ('1999-09-01', 1999, '1999/00'),
    ('2009-08-31', 2008, '2008/09')
),

computed as (
    select
        cast(calendar_date as date) as calendar_date,
        expected_start,
        expected_name,
        {{ academic_year_start('cast(calendar_date as date)') }}
            as actual_start,
        {{ academic_year_name(
            academic_year_start('cast(calendar_date as date)')
        ) }} as actual_name
    from vectors
),

failures as (
    select *
    from computed
    where
        actual_start is distinct from expected_start
        or actual_name is distinct from expected_name
)

select * from failures
