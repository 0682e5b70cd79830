-- Every breakdown the return's tables show, in order, so that a breakdown
-- no child falls in shows 0: sex, the national curriculum years of
-- compulsory school age (reception to year 11), the primary reasons of each
-- register (and not known), CME's time missing education and EHE's previous
-- school types.
with

ehe_reasons as (
    select * from {{ ref('ehe_reasons') }}
),

cme_referral_reasons as (
    select * from {{ ref('cme_referral_reasons') }}
),

previous_school_types as (
    select * from {{ ref('previous_school_types') }}
),

case_types as (
    select registers.case_type
    from (values ('ehe'), ('cme')) as registers (case_type)
),

sexes as (
    select
        case_types.case_type,
        'Sex' as breakdown_topic,
        sexes.breakdown,
        sexes.breakdown_order
    from case_types
    cross join (
        values ('Male', 1), ('Female', 2), ('Not known', 3)
    ) as sexes (breakdown, breakdown_order)
),

year_groups as (
    select
        case_types.case_type,
        'Year group' as breakdown_topic,
        {{ national_curriculum_year_name('years.national_curriculum_year') }}
            as breakdown,
        cast(years.national_curriculum_year as integer) as breakdown_order
    from case_types
    cross join range(0, 12) as years (national_curriculum_year)
),

reasons as (
    select
        'ehe' as case_type,
        description
    from ehe_reasons
    union all
    select
        'cme' as case_type,
        description
    from cme_referral_reasons
    union all
    select
        case_type,
        'Reason not known' as description
    from case_types
),

primary_reasons as (
    select
        case_type,
        'Primary reason' as breakdown_topic,
        description as breakdown,
        cast(row_number() over (
            partition by case_type
            order by description = 'Reason not known', description
        ) as integer) as breakdown_order
    -- The EHE list has its own 'Reason not known': each description once.
    from (select distinct * from reasons) as distinct_reasons
),

times_missing as (
    select
        'cme' as case_type,
        'Time missing education' as breakdown_topic,
        times.breakdown,
        times.breakdown_order
    from (
        values
        ('12 weeks or less', 1),
        ('More than 12 weeks', 2),
        ('Unknown', 3)
    ) as times (breakdown, breakdown_order)
),

school_types as (
    select distinct
        'ehe' as case_type,
        'Previous school type' as breakdown_topic,
        previous_school_type as breakdown,
        display_order as breakdown_order
    from previous_school_types
),

breakdowns as (
    select * from sexes
    union all
    select * from year_groups
    union all
    select * from primary_reasons
    union all
    select * from times_missing
    union all
    select * from school_types
)

select * from breakdowns
