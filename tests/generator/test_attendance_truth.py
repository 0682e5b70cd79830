"""The attendance truth's rules on tiny registers made by hand.

Runs of unexplained absence across weekends, half terms and bank holidays,
broken by a present session and not by a session that is not possible; the
deletion run's codes; codes read by the set in force on their date; the
persistent-absence threshold; the illness return and the CME referral that
answers a crossing. Dates are the term-date seed's 2021/22.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date

import numpy as np
import pytest

from cmoe.generator.attendance_codes import CATEGORY, CodeBook
from cmoe.generator.attendance_truth import AttendanceTruth, Register, Trigger, absence_runs, is_absent_for
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.truth_records import as_record, read_records
from cmoe.generator.world import Case, Child, Enrolment, History
from cmoe.paths import REFERENCE_SEEDS_DIR

CALENDAR = SchoolCalendar.from_seeds(REFERENCE_SEEDS_DIR)
CODE_BOOK = CodeBook.from_seed()
SCHOOL = "900001"
ENTRY = date(2021, 9, 6)


def _child(child_id: int = 1) -> Child:
    born = date(2012, 3, 10)  # year 5 in 2021/22
    return Child(
        child_id, "Ada", "Lovelace", "F", born, "SN8 1AB", "N", 2016, date(2017, 8, 31), date(2028, 6, 30)
    )


def _days(first: date, last: date, code: str) -> list[tuple[date, str, str]]:
    """Both sessions of every school day from first to last."""
    return [
        (day.astype(date), session, code) for day in CALENDAR.between(first, last) for session in ("AM", "PM")
    ]


def _truth(marks, cases=(), leaving: date | None = None) -> AttendanceTruth:
    child = _child()
    enrolment = Enrolment(child.child_id, SCHOOL, ENTRY, leaving)
    history = History([child], {child.child_id: [enrolment]}, cases=list(cases))
    truth = AttendanceTruth(CALENDAR, CODE_BOOK, history, date(2022, 10, 6))
    truth.add(Register.of_marks(CODE_BOOK, [enrolment], [(0, *mark) for mark in marks]))
    return truth


def _crossings(truth: AttendanceTruth) -> dict[str, list[tuple[date | None, date]]]:
    found: dict[str, list[tuple[date | None, date]]] = {}
    for trigger in truth.sorted_triggers():
        found.setdefault(trigger.trigger_code, []).append((trigger.run_start_date, trigger.crossing_date))
    return found


def test_a_run_goes_on_across_a_weekend_and_the_half_term():
    # O the last week before the October half term, N the first week after it.
    marks = _days(date(2021, 10, 18), date(2021, 10, 22), "O") + _days(
        date(2021, 11, 1), date(2021, 11, 5), "N"
    )
    assert _crossings(_truth(marks)) == {
        "cme_checklist": [(date(2021, 10, 18), date(2021, 10, 22))],
        "cme_referral": [(date(2021, 10, 18), date(2021, 11, 5))],
    }


def test_a_bank_holiday_is_no_school_day_of_the_run():
    # Wednesday to the Wednesday after the early May bank holiday (Monday 2 May 2022): five school days.
    truth = _truth(_days(date(2022, 4, 27), date(2022, 5, 4), "O"))
    assert _crossings(truth) == {"cme_checklist": [(date(2022, 4, 27), date(2022, 5, 4))]}


def test_one_present_session_breaks_the_run():
    week = _days(date(2021, 11, 8), date(2021, 11, 16), "O")  # seven school days
    assert "cme_checklist" in _crossings(_truth(week))
    broken = [
        (day, session, "/" if (day, session) == (date(2021, 11, 11), "AM") else code)
        for day, session, code in week
    ]
    assert _crossings(_truth(broken)) == {}  # four days, then three and a half


def test_sessions_that_are_not_possible_neither_break_nor_extend_a_run():
    # Dual registration (D) on the Wednesday: the run still lasts Monday to Friday.
    marks = _days(date(2021, 11, 8), date(2021, 11, 12), "O")
    with_dual = [(day, session, "D" if day == date(2021, 11, 10) else code) for day, session, code in marks]
    assert _crossings(_truth(with_dual)) == {"cme_checklist": [(date(2021, 11, 8), date(2021, 11, 12))]}
    # Not required to attend (X) on the Friday: the run ends on Thursday, four school days.
    with_x = [(day, session, "X" if day == date(2021, 11, 12) else code) for day, session, code in marks]
    assert _crossings(_truth(with_x)) == {}


def test_a_holiday_not_agreed_counts_for_the_deletion_run_only():
    # Two weeks' G then two weeks' O: 20 school days of G, N or O, 10 of N or O.
    marks = _days(date(2022, 1, 10), date(2022, 1, 21), "G") + _days(date(2022, 1, 24), date(2022, 2, 4), "O")
    assert _crossings(_truth(marks)) == {
        "cme_checklist": [(date(2022, 1, 24), date(2022, 1, 28))],
        "cme_referral": [(date(2022, 1, 24), date(2022, 2, 4))],
        "deletion_run": [(date(2022, 1, 10), date(2022, 2, 4))],
    }


def test_marks_on_no_school_day_or_off_roll_are_not_the_register():
    marks = _days(date(2021, 11, 8), date(2021, 11, 11), "O")
    saturday = [(date(2021, 11, 13), "AM", "O"), (date(2021, 11, 13), "PM", "O")]
    assert _crossings(_truth(marks + saturday)) == {}
    after_leaving = _days(date(2021, 11, 12), date(2021, 11, 12), "O")
    assert _crossings(_truth(marks + after_leaving, leaving=date(2021, 11, 11))) == {}
    assert "cme_checklist" in _crossings(_truth(marks + after_leaving))


def test_a_referral_within_ten_school_days_of_the_crossing_is_linked():
    marks = _days(date(2022, 3, 7), date(2022, 3, 18), "O")
    referral = Case("cme", 1, date(2022, 3, 25), None)
    too_late = Case("cme", 1, date(2022, 4, 28), None)
    triggers = _truth(marks, cases=[too_late, referral]).sorted_triggers()
    assert {(t.trigger_code, t.crossing_date, t.cme_referral_date) for t in triggers} == {
        ("cme_checklist", date(2022, 3, 11), date(2022, 3, 25)),
        ("cme_referral", date(2022, 3, 18), date(2022, 3, 25)),
    }


def test_the_illness_return_is_the_thirtieth_illness_session_without_a_medical_case():
    marks = _days(date(2022, 1, 10), date(2022, 2, 4), "I")  # 20 school days ill
    assert _crossings(_truth(marks)) == {"illness_return": [(None, date(2022, 1, 28))]}
    medical = Case("medical", 1, date(2022, 1, 24), date(2022, 2, 18))
    assert _crossings(_truth(marks, cases=[medical])) == {}


@pytest.mark.parametrize(
    ("code", "day", "code_set", "category"),
    [
        ("B", date(2024, 8, 18), "2006", "approved_educational_activity"),
        ("B", date(2024, 8, 19), "2024", "approved_educational_activity"),
        ("J", date(2024, 8, 18), "2006", "approved_educational_activity"),
        ("J", date(2024, 8, 19), "2006", "approved_educational_activity"),  # withdrawn: its old row
        ("J1", date(2024, 8, 18), "2024", "authorised_absence"),  # not yet valid: its new row
        ("J1", date(2024, 8, 19), "2024", "authorised_absence"),
        ("H", date(2024, 8, 19), "2006", "authorised_absence"),
        ("Y", date(2024, 8, 19), "2006", "not_possible"),
    ],
)
def test_a_code_is_read_by_the_set_in_force_on_its_date(code, day, code_set, category):
    row = CODE_BOOK.row_for(code, day)
    assert (row.code_set, row.category) == (code_set, category)
    counted = CODE_BOOK.classify(np.array([CODE_BOOK.index[code]]), np.array([day], dtype="datetime64[D]"))
    assert counted.category[0] == CATEGORY[category]


def test_an_unknown_code_is_no_possible_session():
    counted = CODE_BOOK.classify(
        np.array([CODE_BOOK.index["?"]]), np.array(["2021-11-08"], dtype="datetime64[D]")
    )
    assert counted.category[0] == CATEGORY["unknown"] and not counted.is_possible[0]


def test_persistent_absence_starts_at_exactly_ten_percent():
    assert is_absent_for(2, 20, (1, 10))
    assert not is_absent_for(2, 21, (1, 10))
    assert not is_absent_for(0, 0, (1, 10))
    # Ten school days, two sessions absent: 10 %, in; an X session out of 22: 2 of 21, out.
    ten_days = _days(date(2021, 11, 8), date(2021, 11, 19), "/")
    marks = [(day, session, "O" if day == date(2021, 11, 8) else code) for day, session, code in ten_days]
    (year,) = _truth(marks).enrolment_years
    assert (year.possible_sessions, year.unauthorised_sessions, year.is_persistent_absentee) == (20, 2, True)
    eleven_days = _days(date(2021, 11, 8), date(2021, 11, 22), "/")
    marks = [
        (
            day,
            session,
            {date(2021, 11, 8): "O", date(2021, 11, 22): "X" if session == "AM" else code}.get(day, code),
        )
        for day, session, code in eleven_days
    ]
    (year,) = _truth(marks).enrolment_years
    assert (year.possible_sessions, year.is_persistent_absentee) == (21, False)


def test_runs_are_found_within_each_enrolment():
    enrolment = np.array([0, 0, 0, 1, 1])
    school_day = np.array([10, 10, 11, 11, 12])
    in_class = np.array([True, True, True, True, False])
    runs = absence_runs(enrolment, school_day, in_class)
    assert runs.enrolment.tolist() == [0, 1]
    assert (runs.first_school_day.tolist(), runs.last_school_day.tolist()) == ([10, 11], [11, 11])
    assert runs.crossing_school_day(2).tolist() == [11, -1]


def test_truth_rows_are_read_back_as_written(tmp_path):
    marks = _days(date(2022, 3, 7), date(2022, 3, 18), "O") + _days(date(2022, 3, 21), date(2022, 4, 8), "I")
    triggers = _truth(marks).sorted_triggers()
    path = tmp_path / "triggers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([field.name for field in dataclasses.fields(Trigger)])
        writer.writerows(as_record(trigger) for trigger in triggers)
    assert read_records(path, Trigger) == triggers
    assert {trigger.run_start_date for trigger in triggers if trigger.trigger_code == "illness_return"} == {
        None
    }
