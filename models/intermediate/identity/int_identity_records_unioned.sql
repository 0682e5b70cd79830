-- Every landed row that names a child, from every register, with its
-- identifiers normalised once: the UPN's kind (permanent, temporary, wrong
-- check letter, wrong shape: macro upn_status), names reduced to their
-- letters without accents, the surname's sound (Soundex: Lewis and Louis),
-- the halves of a double-barrelled surname, the
-- forename's usual form (Alex for Alexander: forename_variants seed), the
-- exact name and date of birth key, and the postcode and its sector.
with

school_records as (
    select * from {{ ref('int_school_identity_records_unioned') }}
),

la_records as (
    select * from {{ ref('int_la_identity_records_unioned') }}
),

forename_variants as (
    select * from {{ ref('forename_variants') }}
),

unioned as (
    select * from school_records
    union all
    select * from la_records
),

normalised as (
    select
        *,
        {{ upn_status('upn') }} as upn_status,
        {{ name_key('forename') }} as forename_key,
        {{ name_key('surname') }} as surname_key,
        -- the two halves of a double-barrelled surname (Smith-Jones), or null
        case
            when {{ matches_pattern('trim(surname)', '[- ]') }}
                then {{ name_key(
                    "regexp_extract(trim(surname), '^[^- ]+', 0)"
                ) }}
        end as surname_first_part_key,
        case
            when {{ matches_pattern('trim(surname)', '[- ]') }}
                then {{ name_key(
                    "regexp_extract(trim(surname), '[^- ]+$', 0)"
                ) }}
        end as surname_last_part_key,
        {{ postcode_key('postcode') }} as postcode_key,
        {{ postcode_sector('postcode') }} as postcode_sector
    from unioned
),

keyed as (
    select
        normalised.*,
        coalesce(forename_variants.canonical, normalised.forename_key)
            as forename_canonical,
        {{ sound_key('normalised.surname_key') }} as surname_sound_key,
        case
            when
                normalised.forename_key is not null
                and normalised.surname_key is not null
                and normalised.date_of_birth is not null
                then concat(
                    normalised.forename_key, '|',
                    normalised.surname_key, '|',
                    cast(normalised.date_of_birth as {{ dbt.type_string() }})
                )
        end as name_key
    from normalised
    left join forename_variants
        on normalised.forename_key = forename_variants.variant
)

select * from keyed
