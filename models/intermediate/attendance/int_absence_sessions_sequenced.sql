-- The possible sessions an absence run can hold, one row a session and
-- class of codes (attendance_codes seed): unexplained absence (N, O) and
-- the deletion run (G, N, O). A session starts a run of its class unless
-- the registration's previous possible session was of the class too:
-- weekends, holidays and sessions that do not count (D, X, #, Y ...) lie
-- between sessions without breaking a run. Found without numbering the tens
-- of millions of possible sessions: a session follows the class's previous
-- one directly unless a possible session lies in the slots between them.
with

run_sessions as (
    select
        registration_number,
        attendance_date,
        session_name = 'PM' as is_pm,
        school_day_index,
        {{ session_slot('school_day_index', 'session_name') }}
            as session_slot,
        is_unexplained_absence,
        is_deletion_run_code
    from {{ ref('int_attendance_sessions_resolved') }}
    where
        is_possible_session
        and (is_unexplained_absence or is_deletion_run_code)
),

-- Read once for each use, not as one CTE read twice: DuckDB would copy a
-- CTE read twice (every possible session).
possible_slots as (
    select
        registration_number,
        {{ session_slot('school_day_index', 'session_name') }}
            as session_slot
    from {{ ref('int_attendance_sessions_resolved') }}
    where is_possible_session
),

last_slots as (
    select
        registration_number,
        max({{ session_slot('school_day_index', 'session_name') }})
            as last_session_slot
    from {{ ref('int_attendance_sessions_resolved') }}
    where is_possible_session
    group by registration_number
),

classed as (
    select
        *,
        'unexplained' as absence_class
    from run_sessions
    where is_unexplained_absence

    union all

    select
        *,
        'deletion' as absence_class
    from run_sessions
    where is_deletion_run_code
),

with_previous as (
    select
        *,
        lag(session_slot) over (
            partition by registration_number, absence_class
            order by session_slot
        ) as previous_session_slot
    from classed
),

-- Sessions with free slots since the class's previous session: broken
-- when a possible session (of another class) lies in one of them.
broken as (
    select distinct
        with_previous.registration_number,
        with_previous.absence_class,
        with_previous.session_slot
    from with_previous
    inner join possible_slots
        on
            with_previous.registration_number
            = possible_slots.registration_number
            and with_previous.previous_session_slot
            < possible_slots.session_slot
            and with_previous.session_slot > possible_slots.session_slot
    where with_previous.session_slot > with_previous.previous_session_slot + 1
),

sequenced as (
    select
        with_previous.registration_number,
        with_previous.absence_class,
        with_previous.attendance_date,
        with_previous.is_pm,
        with_previous.school_day_index,
        with_previous.session_slot,
        with_previous.previous_session_slot is null
        or broken.session_slot is not null as starts_run,
        with_previous.session_slot = last_slots.last_session_slot
            as is_last_possible_session
    from with_previous
    inner join last_slots
        on with_previous.registration_number = last_slots.registration_number
    left join broken
        on
            with_previous.registration_number = broken.registration_number
            and with_previous.absence_class = broken.absence_class
            and with_previous.session_slot = broken.session_slot
)

select * from sequenced
