-- The return's cases with the breakdowns DfE counts them by: sex, the
-- expected national curriculum year (from the date of birth), the primary
-- reason (a code on no list is not known), for CME the time missing
-- education on the census day, for EHE the previous school's type.
with

cases as (
    select * from {{ ref('int_return_cases_listed') }}
),

ehe_reasons as (
    select * from {{ ref('ehe_reasons') }}
),

cme_referral_reasons as (
    select * from {{ ref('cme_referral_reasons') }}
),

schools as (
    select * from {{ ref('schools') }}
),

previous_school_types as (
    select * from {{ ref('previous_school_types') }}
),

-- A start with no previous school, or one outside the schools seed.
unknown_school_type as (
    select previous_school_type from previous_school_types
    where phase = 'none'
),

year_groups as (
    select
        *,
        {{ national_curriculum_year(
            'date_of_birth', academic_year_start('census_date')
        ) }} as national_curriculum_year
    from cases
),

described as (
    select
        year_groups.* {{ star_except() }} (sex),
        case year_groups.sex
            when 'M' then 'Male'
            when 'F' then 'Female'
            else 'Not known'
        end as sex,
        {{ national_curriculum_year_name(
            'year_groups.national_curriculum_year'
        ) }} as year_group,
        coalesce(
            ehe_reasons.description,
            cme_referral_reasons.description,
            'Reason not known'
        ) as primary_reason,
        -- DfE's bands: 12 weeks (84 days) or less from the referral to the
        -- census day, or more.
        case
            when year_groups.case_type <> 'cme' then null
            when year_groups.opened_date is null then 'Unknown'
            when
                {{ dbt.datediff(
                    'year_groups.opened_date', 'year_groups.census_date', 'day'
                ) }} <= 84
                then '12 weeks or less'
            else 'More than 12 weeks'
        end as time_missing_education,
        case
            when year_groups.case_type = 'ehe'
                then coalesce(
                    previous_school_types.previous_school_type,
                    unknown_school_type.previous_school_type
                )
        end as previous_school_type
    from year_groups
    cross join unknown_school_type
    left join ehe_reasons
        on
            year_groups.case_type = 'ehe'
            and year_groups.reason_code = ehe_reasons.ehe_reason_code
    left join cme_referral_reasons
        on
            year_groups.case_type = 'cme'
            and year_groups.reason_code
            = cme_referral_reasons.cme_referral_reason_code
    left join schools
        on year_groups.school_urn = schools.school_urn
    left join previous_school_types
        on
            schools.phase = previous_school_types.phase
            and schools.school_type = previous_school_types.school_type
)

select * from described
