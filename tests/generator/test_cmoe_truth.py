"""The CMOE cohort's truth: what the records reveal and who is truly missing education.

On small histories built by hand, at the rules' edges: a gap of exactly
`cmoe_min_school_days` school days and one fewer, the summer holiday counted
in school days, a departure from the LA ending a gap, and the three ways a
child is truly without education that the records do not all show.
"""

from __future__ import annotations

from datetime import date

import pytest

from cmoe.generator.cmoe_truth import (
    Records,
    SchoolDayIndex,
    cohort_rules,
    provision_gaps,
    revealed_cohort,
    truly_missing,
)
from cmoe.generator.world import AttendanceOverlay, Case, Child, Enrolment, History

HISTORY_START = date(2017, 9, 1)
INDEX = SchoolDayIndex()
MINIMUM = cohort_rules()["cmoe_min_school_days"]


def child(child_id: int = 1, **changes) -> Child:
    fields = {
        "child_id": child_id,
        "forename": "Ava",
        "surname": "Watson",
        "sex": "F",
        "date_of_birth": date(2010, 1, 15),
        "postcode": "SN1 1AA",
        "sen_provision": "N",
        "reception_year": 2014,
        "csa_start": date(2015, 3, 31),
        "csa_end": date(2026, 6, 26),
    }
    return Child(**{**fields, **changes})


def history(children: list[Child], enrolments: list[Enrolment], **records) -> History:
    by_child = {one.child_id: [e for e in enrolments if e.child_id == one.child_id] for one in children}
    return History(children, by_child, **records)


def nth_school_day_from(first: date, count: int) -> date:
    """The `count`-th school day counting `first` (a school day) as the first."""
    days = [day for day in INDEX.school_days if day >= first]
    return days[count - 1]


LEFT_ROLL = date(2022, 1, 14)  # a Friday in term
GAP_START = date(2022, 1, 15)  # the day after
FIRST_DAY_OFF = date(2022, 1, 17)  # the first school day of the gap


@pytest.mark.parametrize(("school_days", "in_cohort"), [(MINIMUM, True), (MINIMUM - 1, False)])
def test_no_provision_from_the_minimum_school_days(school_days, in_cohort):
    as_at = nth_school_day_from(FIRST_DAY_OFF, school_days)
    world = history([child()], [Enrolment(1, "900001", date(2018, 9, 4), LEFT_ROLL)])
    cohort = revealed_cohort(world, HISTORY_START, [as_at], [], INDEX)
    assert (
        (as_at, 1, "no_provision", GAP_START)
        in [(m.as_at_date, m.child_id, m.cmoe_reason, m.reason_start_date) for m in cohort]
    ) is in_cohort


def test_the_summer_holiday_counts_no_school_days():
    """Off roll on the last day before the summer holiday, found in September: a short gap."""
    world = history(
        [child()],
        [
            Enrolment(1, "900001", date(2018, 9, 4), date(2022, 7, 20)),
            Enrolment(1, "900002", date(2022, 9, 12)),
        ],
    )
    records = Records.of(world, HISTORY_START)
    [(start, end)] = provision_gaps(records, 1, date(2022, 10, 6))
    assert (start, end) == (date(2022, 7, 21), date(2022, 9, 11))
    assert INDEX.between(start, end) < MINIMUM
    assert not revealed_cohort(world, HISTORY_START, [date(2022, 9, 11)], [], INDEX)


def test_a_departure_from_the_la_ends_the_gap():
    leaving = Enrolment(1, "900001", date(2018, 9, 4), LEFT_ROLL, destination_la="866")
    records = Records.of(history([child()], [leaving]), HISTORY_START)
    assert provision_gaps(records, 1, date(2022, 10, 6)) == []
    staying = Enrolment(1, "900001", date(2018, 9, 4), LEFT_ROLL)
    records = Records.of(history([child()], [staying]), HISTORY_START)
    assert provision_gaps(records, 1, date(2022, 10, 6)) == [(GAP_START, None)]


def test_a_child_never_in_provision_has_no_gap():
    records = Records.of(history([child()], []), HISTORY_START)
    assert provision_gaps(records, 1, date(2022, 10, 6)) == []


def _missing(world: History, as_at: date) -> list[tuple[int, date, bool]]:
    cohort = revealed_cohort(world, HISTORY_START, [as_at], [], INDEX)
    return [
        (row.child_id, row.missing_since, row.is_revealed)
        for row in truly_missing(world, as_at, [as_at], cohort, INDEX)
    ]


def test_an_unrecorded_arrival_is_missing_and_not_revealed():
    arrival = date(2022, 1, 4)
    late_entry = nth_school_day_from(FIRST_DAY_OFF, 40)
    world = history([child(resident_from=arrival)], [Enrolment(1, "900001", late_entry)])
    as_at = nth_school_day_from(FIRST_DAY_OFF, 30)
    assert _missing(world, as_at) == [(1, arrival, False)]
    assert _missing(world, late_entry) == []


def test_unexplained_absence_on_roll_is_missing_education():
    run_start = FIRST_DAY_OFF
    absence = AttendanceOverlay(1, run_start, None, "O", school_urn="900001")
    world = history([child()], [Enrolment(1, "900001", date(2018, 9, 4))], overlays=[absence])
    assert _missing(world, nth_school_day_from(run_start, MINIMUM)) == [(1, run_start, False)]
    assert _missing(world, nth_school_day_from(run_start, MINIMUM - 1)) == []


@pytest.mark.parametrize(("is_educating", "expected"), [(False, [(1, GAP_START, True)]), (True, [])])
def test_home_education_in_name_only_is_missing_education(is_educating, expected):
    ehe = Case(
        "ehe",
        1,
        FIRST_DAY_OFF,
        None,
        details={
            "suitability": "Unsuitable",
            "suitability_date": date(2022, 2, 1),
            "is_educating": is_educating,
        },
    )
    world = history([child()], [Enrolment(1, "900001", date(2018, 9, 4), LEFT_ROLL)], cases=[ehe])
    assert _missing(world, date(2022, 3, 31)) == expected


def test_a_child_who_left_the_la_is_not_missing_from_it():
    world = history(
        [child(resident_to=date(2022, 1, 20))], [Enrolment(1, "900001", date(2018, 9, 4), LEFT_ROLL)]
    )
    assert _missing(world, date(2022, 3, 31)) == []
