"""The pandas baselines (cmoe.baselines) give the rules' answers on hand-made cases at their edges,
so the benchmark's check that they equal the warehouse means the same logic was timed."""

from __future__ import annotations

import pandas as pd

from cmoe import baselines

D = pd.Timestamp


def frame(columns: str, *rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns.split())


# ---------- (a) the case indicators


def test_indicator_counts_children_with_a_case_open_on_each_date_inclusive_and_once_each():
    indicators = frame(
        "indicator_code case_type", ("ehe_learners", "ehe"), ("open_cme", "cme"), ("cmoe_no_provision", None)
    )
    periods = frame("period_label as_at_date", ("2019-20", D("2020-08-31")), ("Current", D("2021-03-01")))
    cases = frame(
        "child_id case_type opened_date closed_date",
        ("d", "ehe", D("2020-08-31"), D("2020-08-31")),  # opened and closed on the date: open on it
        ("a", "ehe", D("2020-01-01"), pd.NaT),
        ("a", "ehe", D("2020-06-01"), D("2020-09-30")),  # a second open case of the same child counts once
        ("b", "ehe", D("2020-09-01"), D("2021-02-28")),  # opened the day after, closed the day before
        ("c", "cme", D("2021-03-01"), pd.NaT),  # opened on the current date
    )
    counts = baselines.indicator_counts(cases, periods, indicators)
    assert counts.to_dict("records") == [
        {"indicator_code": "ehe_learners", "period_label": "2019-20", "value": 2},
        {"indicator_code": "ehe_learners", "period_label": "Current", "value": 1},
        {"indicator_code": "open_cme", "period_label": "2019-20", "value": 0},
        {"indicator_code": "open_cme", "period_label": "Current", "value": 1},
    ]


# ---------- (b) the CMOE cohort's no_provision reason

# Weekdays are school days: 1 January 2021 (a Friday) is the first; Friday 12 February is the 31st,
# Sunday 31 January still the 21st, Thursday 18 February the 35th and Friday 19 February the 36th.
CALENDAR = pd.DataFrame({"calendar_date": pd.date_range("2020-12-01", "2021-03-31")})
CALENDAR["school_day_index"] = (
    ((CALENDAR["calendar_date"] >= D("2021-01-01")) & (CALENDAR["calendar_date"].dt.day_of_week < 5))
    .astype(int)
    .cumsum()
)


def provision_data() -> baselines.ProvisionData:
    return baselines.ProvisionData(
        spells=frame(
            "child_id start_date end_date",
            # a: two spells that touch (the second begins the day after the first ends) are one; out
            # of provision from Saturday 13 February, 5 school days on the 19th, 4 on the 18th.
            ("a", D("2021-01-04"), D("2021-01-29")),
            ("a", D("2021-01-30"), D("2021-02-12")),
            # b: a spell within another makes no gap; the gap before the next spell has ended.
            ("b", D("2021-01-04"), D("2021-02-05")),
            ("b", D("2021-01-10"), D("2021-01-20")),
            ("b", D("2021-02-15"), pd.NaT),
            # f: one day between two spells is a gap of one day.
            ("f", D("2021-01-04"), D("2021-01-28")),
            ("f", D("2021-01-30"), pd.NaT),
            # c: the gap ends the day the child leaves the LA.
            ("c", D("2021-01-04"), D("2021-02-05")),
            # e: as a, but past compulsory school age on the 19th.
            ("e", D("2021-01-04"), D("2021-02-12")),
        ),
        # d: known only by a spell held back: out of provision from the day it says it began.
        held_back_spells=frame("child_id spell_start_date", ("d", D("2021-02-01")), ("d", D("2021-02-08"))),
        departures=frame("child_id departure_date", ("c", D("2021-02-10")), ("b", D("2021-01-15"))),
        as_at_dates=frame(
            "period_label as_at_date", ("Current", D("2021-02-19")), ("2021-02-18", D("2021-02-18"))
        ),
        calendar=CALENDAR,
        children=frame(
            "child_id compulsory_school_age_start_date compulsory_school_age_end_date",
            *[(child, D("2010-09-01"), D("2030-06-30")) for child in "abcdf"],
            ("e", D("2010-09-01"), D("2021-02-18")),
        ),
        current_as_at=D("2021-02-19"),
        min_school_days=5,
    )


def test_provision_gaps_merge_touching_and_nested_spells_and_end_at_the_next_spell_or_a_departure():
    gaps = baselines.provision_gaps(provision_data()).sort_values(["child_id", "gap_start_date"])
    assert gaps.to_dict("records") == [
        {"child_id": "a", "gap_start_date": D("2021-02-13"), "gap_end_date": pd.NaT},
        {"child_id": "b", "gap_start_date": D("2021-02-06"), "gap_end_date": D("2021-02-14")},
        {"child_id": "c", "gap_start_date": D("2021-02-06"), "gap_end_date": D("2021-02-10")},
        {"child_id": "d", "gap_start_date": D("2021-02-01"), "gap_end_date": pd.NaT},
        {"child_id": "e", "gap_start_date": D("2021-02-13"), "gap_end_date": pd.NaT},
        {"child_id": "f", "gap_start_date": D("2021-01-29"), "gap_end_date": D("2021-01-29")},
    ]


def test_no_provision_counts_children_out_of_provision_the_minimum_school_days_on_each_date():
    cohort = baselines.no_provision(provision_data())
    assert cohort.to_dict("records") == [
        # On the 18th a has 4 school days, one short; d has 14.
        {
            "period_label": "2021-02-18",
            "as_at_date": D("2021-02-18"),
            "child_id": "d",
            "reason_start_date": D("2021-02-01"),
            "school_days": 14,
        },
        # On the 19th a has exactly 5; e as many, but is past compulsory school age.
        {
            "period_label": "Current",
            "as_at_date": D("2021-02-19"),
            "child_id": "a",
            "reason_start_date": D("2021-02-13"),
            "school_days": 5,
        },
        {
            "period_label": "Current",
            "as_at_date": D("2021-02-19"),
            "child_id": "d",
            "reason_start_date": D("2021-02-01"),
            "school_days": 15,
        },
    ]


# ---------- (c) absence runs


def session(registration: int, day: str, is_pm: bool, index: int, code: str) -> tuple:
    return (registration, D(day), is_pm, index, code in ("N", "O"), code in ("G", "N", "O"))


def test_absence_runs_span_weekends_break_on_another_code_and_the_last_session_is_ongoing():
    sessions = frame(
        "registration_number attendance_date is_pm school_day_index"
        " is_unexplained_absence is_deletion_run_code",
        session(1, "2021-01-08", False, 6, "/"),
        session(1, "2021-01-08", True, 6, "N"),  # Friday afternoon
        session(1, "2021-01-11", False, 7, "N"),  # Monday morning: the weekend does not break the run
        session(1, "2021-01-11", True, 7, "G"),  # G ends the unexplained run, continues the deletion run
        session(1, "2021-01-12", False, 8, "/"),  # present: ends every run
        session(1, "2021-01-12", True, 8, "O"),  # the last possible session: ongoing
        session(2, "2021-01-11", True, 7, "N"),  # given out of order: still one run from the morning
        session(2, "2021-01-11", False, 7, "N"),
    )
    registrations = frame("registration_number enrolment_id", (1, "e1"), (2, "e2"))
    runs = baselines.absence_runs(sessions, registrations)
    runs = runs.sort_values(["enrolment_id", "absence_class", "first_absence_date"], ignore_index=True)
    columns = "enrolment_id absence_class first_absence_date first_session_name last_absence_date"
    columns += " last_session_name absence_sessions length_school_days is_ongoing"
    assert [tuple(row) for row in runs[columns.split()].itertuples(index=False)] == [
        ("e1", "deletion", D("2021-01-08"), "PM", D("2021-01-11"), "PM", 3, 2, False),
        ("e1", "deletion", D("2021-01-12"), "PM", D("2021-01-12"), "PM", 1, 1, True),
        ("e1", "unexplained", D("2021-01-08"), "PM", D("2021-01-11"), "AM", 2, 2, False),
        ("e1", "unexplained", D("2021-01-12"), "PM", D("2021-01-12"), "PM", 1, 1, True),
        ("e2", "deletion", D("2021-01-11"), "AM", D("2021-01-11"), "PM", 2, 1, True),
        ("e2", "unexplained", D("2021-01-11"), "AM", D("2021-01-11"), "PM", 2, 1, True),
    ]


def test_same_rows_ignores_order_and_number_types_but_not_a_changed_value():
    ours = frame("child_id school_days as_at_date", ("a", 5, D("2021-02-19")), ("b", 6, D("2021-02-19")))
    theirs = frame(
        "as_at_date child_id school_days", (D("2021-02-19"), "b", 6.0), (D("2021-02-19"), "a", 5.0)
    )
    assert baselines.same_rows(ours, theirs)
    theirs.loc[0, "school_days"] = 7.0
    assert not baselines.same_rows(ours, theirs)
