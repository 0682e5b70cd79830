-- Compulsory school age: from the prescribed day on or after the 5th birthday
-- to the last Friday in June of the year of the 16th (Education Act 1996 s8).
with

vectors (date_of_birth, expected_start, expected_end, note) as (
    values
    -- Worked examples (IPSEA and the rule's own).
    ('2019-02-10', '2024-03-31', '2035-06-29', 'worked example'),
    ('2018-12-31', '2023-12-31', '2035-06-29', '5th birthday prescribed'),
    ('2019-09-01', '2024-12-31', '2036-06-27', 'worked example'),
    ('2008-07-15', '2013-08-31', '2024-06-28', '16 in August'),
    ('2007-09-23', '2012-12-31', '2024-06-28', 'IPSEA example'),
    -- 5th birthday either side of each prescribed day.
    ('2019-03-30', '2024-03-31', '2035-06-29', '5th birthday 30 Mar'),
    ('2019-03-31', '2024-03-31', '2035-06-29', '5th birthday 31 Mar'),
    ('2019-04-01', '2024-08-31', '2035-06-29', '5th birthday 1 Apr'),
    ('2019-08-30', '2024-08-31', '2035-06-29', '5th birthday 30 Aug'),
    ('2019-08-31', '2024-08-31', '2035-06-29', '5th birthday 31 Aug'),
    ('2019-12-30', '2024-12-31', '2036-06-27', '5th birthday 30 Dec'),
    ('2019-12-31', '2024-12-31', '2036-06-27', '5th birthday 31 Dec'),
    ('2020-01-01', '2025-03-31', '2036-06-27', '5th birthday 1 Jan'),
    -- Born 29 February: 5th birthday in a common year, 16th in a leap year.
    ('2016-02-29', '2021-03-31', '2032-06-25', 'born 29 Feb 2016'),
    ('2012-02-28', '2017-03-31', '2028-06-30', 'born 28 Feb 2012'),
    ('2012-02-29', '2017-03-31', '2028-06-30', 'born 29 Feb 2012'),
    ('2012-03-01', '2017-03-31', '2028-06-30', 'born 1 Mar 2012'),
    -- 16th birthday around the leaving date (last Friday in June 2024 is
    -- 28 June, 2025 is 27 June, 2026 is 26 June) and the school year end.
    ('2008-06-27', '2013-08-31', '2024-06-28', '16 day before leaving'),
    ('2008-06-28', '2013-08-31', '2024-06-28', '16 on leaving day'),
    ('2008-06-29', '2013-08-31', '2024-06-28', '16 day after leaving'),
    ('2008-08-31', '2013-08-31', '2024-06-28', '16 on 31 Aug'),
    ('2008-09-01', '2013-12-31', '2025-06-27', '16 on 1 Sep'),
    ('2009-06-26', '2014-08-31', '2025-06-27', '16 day before leaving'),
    ('2009-06-27', '2014-08-31', '2025-06-27', '16 on leaving day'),
    ('2010-06-25', '2015-08-31', '2026-06-26', '16 day before leaving'),
    ('2010-06-26', '2015-08-31', '2026-06-26', '16 on leaving day')
),

typed as (
    select
        cast(date_of_birth as date) as date_of_birth,
        cast(expected_start as date) as expected_start,
        cast(expected_end as date) as expected_end,
        note
    from vectors
),

computed as (
    select
        *,
        {{ compulsory_school_age_start('date_of_birth') }} as actual_start,
        {{ compulsory_school_age_end('date_of_birth') }} as actual_end
    from typed
),

failures as (
    select *
    from computed
    where
        actual_start is distinct from expected_start
        or actual_end is distinct from expected_end
)

select * from failures
