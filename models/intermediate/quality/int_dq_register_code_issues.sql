-- Register codes used on a date outside the dates they were valid: the
-- withdrawn exclusion reason OT after August 2020, a suspension recorded as
-- FIXD after the 2021 rename, a 2006 deletion ground after August 2024.
-- Codes on no list at all are an arrival check. Source: the validity dates
-- of the exclusion and deletion-ground seeds.
with

exclusions as (
    select * from {{ ref('stg_school_census__exclusions') }}
),

enrolments as (
    select * from {{ ref('stg_school_census__enrolments') }}
),

exclusion_reasons as (
    select * from {{ ref('exclusion_reasons') }}
),

exclusion_categories as (
    select * from {{ ref('exclusion_categories') }}
),

deletion_grounds as (
    select * from {{ ref('deletion_grounds') }}
),

{%- set exclusion_code_columns = {
    'Category': ('exclusion_category_code', 'category'),
    'Reason1': ('reason_1_code', 'reason'),
    'Reason2': ('reason_2_code', 'reason'),
    'Reason3': ('reason_3_code', 'reason'),
} %}

exclusion_codes as (
    {%- for landed_column, (column, list_name)
        in exclusion_code_columns.items() %}
    select
        exclusion_record_id as record_id,
        source_file,
        source_line,
        start_date as used_on,
        '{{ landed_column }}' as column_name,
        '{{ list_name }}' as list_name,
        {{ column }} as code
    from exclusions
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

exclusion_code_lists as (
    select
        'category' as list_name,
        exclusion_category_code as code,
        valid_from,
        valid_to
    from exclusion_categories
    union all
    select
        'reason' as list_name,
        exclusion_reason_code as code,
        valid_from,
        valid_to
    from exclusion_reasons
),

exclusion_code_validity as (
    select
        exclusion_codes.record_id,
        exclusion_codes.source_file,
        exclusion_codes.source_line,
        exclusion_codes.used_on,
        exclusion_codes.column_name,
        exclusion_codes.code,
        max(
            case when exclusion_code_lists.code is not null then 1 else 0 end
        ) as is_listed,
        max(
            case
                when {{ is_open_on(
                    'exclusion_code_lists.valid_from',
                    'exclusion_code_lists.valid_to',
                    'exclusion_codes.used_on'
                ) }} then 1
                else 0
            end
        ) as is_valid
    from exclusion_codes
    left join exclusion_code_lists
        on
            exclusion_codes.list_name = exclusion_code_lists.list_name
            and exclusion_codes.code = exclusion_code_lists.code
    where exclusion_codes.code is not null
    group by
        exclusion_codes.record_id,
        exclusion_codes.source_file,
        exclusion_codes.source_line,
        exclusion_codes.used_on,
        exclusion_codes.column_name,
        exclusion_codes.code
),

-- Known codes (on the list at some date) used when they were not valid.
exclusions_out_of_dates as (
    select
        record_id,
        'exclusions' as source_table,
        source_file,
        source_line,
        'code_outside_validity' as rule_code,
        column_name,
        concat(code, ' on ', cast(used_on as {{ dbt.type_string() }})) as value
    from exclusion_code_validity
    where used_on is not null and is_listed = 1 and is_valid = 0
),

grounds_out_of_dates as (
    select
        enrolments.enrolment_record_id as record_id,
        'pupil_roll' as source_table,
        enrolments.source_file,
        enrolments.source_line,
        'code_outside_validity' as rule_code,
        'LeavingReason' as column_name,
        concat(
            enrolments.leaving_ground_code, ' on ',
            cast(enrolments.leaving_date as {{ dbt.type_string() }})
        ) as value
    from enrolments
    inner join deletion_grounds
        on
            enrolments.leaving_ground_code
            = deletion_grounds.deletion_ground_code
    where not {{ is_open_on(
        'deletion_grounds.valid_from',
        'deletion_grounds.valid_to',
        'enrolments.leaving_date'
    ) }}
),

issues as (
    select * from exclusions_out_of_dates
    union all
    select * from grounds_out_of_dates
)

select * from issues
