{#- True when absence is at least a given percentage of the possible
    sessions, in whole numbers so that exactly 10 % is 10 % (DfE's "exact"
    persistent absence measure). -#}
{% macro absence_at_least(absence_sessions, possible_sessions, percent) -%}
    (
        100 * ({{ absence_sessions }})
        >= {{ percent }} * ({{ possible_sessions }})
    )
{%- endmacro %}

{#- One number for a landed mark of the attendance feed: its file's extract
    date (yyyymmdd) and its line, 20221006 and line 12 giving
    20221006000000000012. One feed file lands per extract date (its name
    carries the date), so the number is unique, and orders marks by extract
    date, then line: a compact key for tens of millions of rows. -#}
{% macro session_mark_number(extract_date, source_line) -%}
    (
        (
            cast(extract(year from {{ extract_date }}) as bigint) * 10000
            + cast(extract(month from {{ extract_date }}) as bigint) * 100
            + cast(extract(day from {{ extract_date }}) as bigint)
        ) * 10000000000
        + {{ source_line }}
    )
{%- endmacro %}

{#- The number of line 0 of a mark's file (session_mark_number with line 0):
    equal for every mark of a file, so that a mark finds its file. -#}
{% macro session_mark_file_number(session_mark_number) -%}
    ({{ session_mark_number }} - {{ session_mark_number }} % 10000000000)
{%- endmacro %}

{#- The files of the attendance feed (stg_landing__landed_files), each with
    its file number (session_mark_file_number), so that a mark finds its
    file's name and extract date, and its line. -#}
{% macro feed_file_numbers() -%}
    select
        source_file,
        extract_date,
        {{ cmoe.session_mark_number('extract_date', 0) }} as file_number
    from {{ ref('stg_landing__landed_files') }}
    where source_table = 'session_marks'
{%- endmacro %}

{#- A session's place in the LA's school calendar: school day by school day,
    AM then PM (school day 7 gives slots 14 and 15), so that two sessions
    are next to each other when their slots are. -#}
{% macro session_slot(school_day_index, session_name) -%}
    (
        2 * {{ school_day_index }}
        + case when {{ session_name }} = 'PM' then 1 else 0 end
    )
{%- endmacro %}

{#- The columns DfE publishes sessions by code under, in the order of its
    attendance files (explore education statistics: EES_ytd_data); the
    attendance_codes seed names each code's column. -#}
{% macro dfe_attendance_reason_columns() -%}
    {{ return([
        'reason_present_am',
        'reason_present_pm',
        'reason_l_present_late_before_registers_closed',
        'reason_i_authorised_illness',
        'reason_m_authorised_medical_dental',
        'reason_r_authorised_religious_observance',
        'reason_s_authorised_study_leave',
        'reason_t_authorised_mobile_child',
        'reason_h_authorised_holiday',
        'reason_e_authorised_excluded',
        'reason_c_authorised_other',
        'reason_c1_authorised_regulated_performance',
        'reason_j1_authorised_interview',
        'reason_c2_authorised_temp_reduced_timetable',
        'reason_b_aea_education_off_site',
        'reason_j_aea_interview',
        'reason_p_aea_approved_sporting_activity',
        'reason_v_aea_educational_visit_trip',
        'reason_w_aea_work_experience',
        'reason_k_aea_education_arranged_by_la',
        'reason_g_unauthorised_holiday',
        'reason_u_unauthorised_late_after_registers_closed',
        'reason_o_other_unauthorised',
        'reason_n_no_reason_yet',
    ]) }}
{%- endmacro %}

{#- DfE's rates of single reasons in its attendance files, each the
    sessions of one reason column per 100 possible sessions. -#}
{% macro dfe_attendance_reason_rates() -%}
    {{ return({
        'illness_per_100': 'reason_i_authorised_illness',
        'appointments_per_100': 'reason_m_authorised_medical_dental',
        'unauth_hol_per_100': 'reason_g_unauthorised_holiday',
        'unauth_oth_per_100': 'reason_o_other_unauthorised',
        'unauth_late_registers_closed_per_100':
            'reason_u_unauthorised_late_after_registers_closed',
        'unauth_not_yet_per_100': 'reason_n_no_reason_yet',
        'auth_religious_per_100': 'reason_r_authorised_religious_observance',
        'auth_study_per_100': 'reason_s_authorised_study_leave',
        'auth_mob_per_100': 'reason_t_authorised_mobile_child',
        'auth_excluded_per_100': 'reason_e_authorised_excluded',
        'auth_performance_per_100':
            'reason_c1_authorised_regulated_performance',
        'auth_interview_per_100': 'reason_j1_authorised_interview',
        'auth_part_time_per_100': 'reason_c2_authorised_temp_reduced_timetable',
        'auth_other_per_100': 'reason_c_authorised_other',
    }) }}
{%- endmacro %}

{#- Pre-hook of int_attendance_sessions_resolved on an incremental build: the
    sessions marked again by the new feed files lose the rows of their
    earlier marks (int_session_marks_repeated lists every mark a later one
    replaced). Nothing on a full build. -#}
{% macro delete_replaced_session_marks() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where session_mark_number in (
        select session_mark_number
        from {{ ref('int_session_marks_repeated') }}
        where not is_standing_mark
    )
    {%- endif -%}
{%- endmacro %}

{#- On an incremental build of int_session_marks_linked, the extract date of
    the latest feed file it has linked (from its largest mark number), as
    yyyy-mm-dd, so that the new files are read alone. -#}
{% macro latest_linked_extract_date() -%}
    {%- set latest = none -%}
    {%- if execute -%}
        {%- set found = run_query(
            'select ' ~ cmoe.integer_divide(
                'max(session_mark_number)', '10000000000'
            ) ~ ' from ' ~ this
        ) -%}
        {%- set latest = found.columns[0].values()[0] -%}
    {%- endif -%}
    {%- if latest -%}
        {%- set day = latest | int | string -%}
        {{- day[:4] ~ '-' ~ day[4:6] ~ '-' ~ day[6:] -}}
    {%- else -%}
        0001-01-01
    {%- endif -%}
{%- endmacro %}
