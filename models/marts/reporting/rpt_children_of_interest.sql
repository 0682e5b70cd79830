-- Children of interest (committee report 4.2) at each as-at date of the
-- reports, as flags on the child: one row per period and child of
-- compulsory school age with any flag (fct_child_interest_flag), a column
-- per flag and how many flags are up.
{%- set flags = [
    ('permanently_excluded', 'is_permanently_excluded'),
    ('high_suspensions', 'has_high_suspensions'),
    ('no_school_place', 'has_no_school_place'),
    ('reported_cme', 'is_reported_cme'),
    ('medically_unfit', 'is_medically_unfit'),
    ('on_rep', 'is_on_rep'),
    ('ehe_unsatisfactory', 'is_ehe_unsatisfactory'),
    ('social_worker', 'has_social_worker'),
] %}

with

flags as (
    select * from {{ ref('fct_child_interest_flag') }}
),

children_flagged as (
    select
        period_label,
        as_at_date,
        child_id,
        {%- for flag, column in flags %}
        max(
            case when interest_flag = '{{ flag }}' then 1 else 0 end
        ) = 1 as {{ column }},
        {%- endfor %}
        cast(count(*) as integer) as flag_count
    from flags
    group by period_label, as_at_date, child_id
),

identified as (
    select
        concat_ws('|', period_label, child_id) as child_of_interest_id,
        *
    from children_flagged
)

select * from identified
