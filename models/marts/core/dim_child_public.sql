-- The public tier's child: dim_child less what identifies a child (design,
-- "two tiers of publication"). The date of birth is cut to its year and
-- month, the postcode to its sector (the outward code and the first digit
-- of the inward code); names, UPNs and person ids are left out.
with

children as (
    select * from {{ ref('dim_child') }}
),

compact_postcodes as (
    select
        child_id,
        date_of_birth,
        sex,
        upper(replace(postcode, ' ', '')) as postcode_compact
    from children
),

coarsened as (
    select
        child_id,
        concat(
            cast(extract(year from date_of_birth) as {{ dbt.type_string() }}),
            '-',
            lpad(
                cast(
                    extract(month from date_of_birth)
                    as {{ dbt.type_string() }}
                ),
                2,
                '0'
            )
        ) as birth_year_month,
        sex,
        case
            when length(postcode_compact) between 5 and 7
                then concat(
                    left(postcode_compact, length(postcode_compact) - 3),
                    ' ',
                    substr(postcode_compact, length(postcode_compact) - 2, 1)
                )
        end as postcode_sector
    from compact_postcodes
)

select * from coarsened
