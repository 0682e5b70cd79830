-- Every landed row that names a child, from every register, with the keys
-- that can link it to the same child elsewhere: the UPN the school holds, the
-- LA person id, and the exact name and date of birth.
with

school_records as (
    select * from {{ ref('int_school_identity_records_unioned') }}
),

la_records as (
    select * from {{ ref('int_la_identity_records_unioned') }}
),

unioned as (
    select * from school_records
    union all
    select * from la_records
),

keyed as (
    select
        *,
        {{ upn_status('upn') }} as upn_status,
        case
            when
                {{ name_key('forename') }} is not null
                and {{ name_key('surname') }} is not null
                and date_of_birth is not null
                then concat(
                    {{ name_key('forename') }}, '|',
                    {{ name_key('surname') }}, '|',
                    cast(date_of_birth as varchar)
                )
        end as name_key
    from unioned
)

select * from keyed
