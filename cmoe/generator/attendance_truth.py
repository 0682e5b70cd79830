"""The truth of the attendance registers: what the warehouse's attendance models must find.

Computed from the simulated register marks (never from the feed, which adds
re-sent rows, corrections and stray marks, nor from the warehouse), by the
definitions the warehouse implements:

- a register mark counts only on a school day (term dates, less weekends and
  bank holidays) while the pupil is on that school's roll;
- a code counts by the seed row valid on its date, else by the other code
  set's row (attendance_codes.CodeBook); `?` is unknown and not possible;
- the academic year runs from 1 September to 31 August; a persistent
  absentee is absent (authorised or unauthorised) for 10 % or more of their
  possible sessions, a severe absentee for 50 % or more; the cohort is the
  pupils aged 5 to 15 on the 31 August before the year (years 1 to 11);
- an absence run is a stretch of an enrolment's consecutive possible
  sessions (date, AM before PM) all of one class of codes (unexplained: N, O;
  deletion: G, N, O), sessions that are not possible neither breaking nor
  extending it; it lasts from its first to its last school day and crosses a
  threshold of T school days on its T-th school day;
- triggers: an unexplained run crossing 5 school days (cme_checklist) and 10
  (cme_referral), a deletion run crossing 20 (deletion_run), and the 30th
  illness session of an enrolment's year (illness_return) unless the child
  has a medical case open that day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from cmoe.generator.attendance_codes import CATEGORY, Classified, CodeBook
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import Case, Child, Enrolment, History

SESSIONS = ("AM", "PM")
PERSISTENT_SHARE = (1, 10)  # absence / possible >= 1/10
SEVERE_SHARE = (1, 2)
COHORT_AGES = (5, 15)  # on the 31 August before the year: national curriculum years 1 to 11
RUN_TRIGGERS = (  # trigger code, class of codes, school days
    ("cme_checklist", "unexplained", 5),
    ("cme_referral", "unexplained", 10),
    ("deletion_run", "deletion", 20),
)
ILLNESS_RETURN_SESSIONS = 30  # 15 school days
CME_REFERRAL_WITHIN_SCHOOL_DAYS = 10


@dataclass
class Register:
    """Register marks of some enrolments, one per session, sorted by enrolment, date, AM before PM."""

    enrolments: list[Enrolment]
    enrolment: np.ndarray  # position in `enrolments`
    day: np.ndarray  # datetime64[D]
    session: np.ndarray  # 0 AM, 1 PM
    code: np.ndarray  # index into the code book's codes

    @classmethod
    def of_marks(
        cls, code_book: CodeBook, enrolments: list[Enrolment], marks: list[tuple[int, date, str, str]]
    ) -> Register:
        """From (enrolment position, date, 'AM' or 'PM', code) tuples in any order."""
        marks = sorted(marks, key=lambda mark: (mark[0], mark[1], SESSIONS.index(mark[2])))
        return cls(
            enrolments=enrolments,
            enrolment=np.array([mark[0] for mark in marks], dtype=np.int64),
            day=np.array([mark[1] for mark in marks], dtype="datetime64[D]"),
            session=np.array([SESSIONS.index(mark[2]) for mark in marks], dtype=np.int8),
            code=np.array([code_book.index[mark[3]] for mark in marks], dtype=np.int64),
        )

    def subset(self, keep: np.ndarray) -> Register:
        return Register(
            self.enrolments, self.enrolment[keep], self.day[keep], self.session[keep], self.code[keep]
        )

    def on_school_days_on_roll(self, calendar: SchoolCalendar) -> Register:
        """Only the marks that count: on a school day, while the pupil is on the school's roll."""
        index = np.minimum(np.searchsorted(calendar.school_days, self.day), len(calendar.school_days) - 1)
        school_day = calendar.school_days[index] == self.day
        entry = np.array([e.entry_date for e in self.enrolments], dtype="datetime64[D]")
        leaving = np.array([e.leaving_date or date.max for e in self.enrolments], dtype="datetime64[D]")
        on_roll = (entry[self.enrolment] <= self.day) & (self.day <= leaving[self.enrolment])
        return self.subset(school_day & on_roll)

    @cached_property
    def academic_year(self) -> np.ndarray:
        """The academic year of each mark, by the year it starts in (1 September)."""
        if len(self.day) == 0:
            return np.zeros(0, dtype=np.int64)
        calendar_years = (
            self.day[[self.day.argmin(), self.day.argmax()]].astype("datetime64[Y]").astype(int) + 1970
        )
        years = np.arange(calendar_years[0] - 1, calendar_years[1] + 1)
        starts = np.array([f"{year}-09-01" for year in years], dtype="datetime64[D]")
        return years[np.searchsorted(starts, self.day, side="right") - 1]


@dataclass(frozen=True)
class EnrolmentYear:
    """One enrolment's sessions in one academic year."""

    child_id: int
    school_urn: str
    entry_date: date
    academic_year_start: int
    nc_year: int  # reception 0
    is_in_cohort: bool
    possible_sessions: int
    present_sessions: int
    aea_sessions: int
    authorised_sessions: int
    illness_sessions: int
    unauthorised_sessions: int
    is_persistent_absentee: bool
    is_severe_absentee: bool


@dataclass(frozen=True)
class Trigger:
    child_id: int
    school_urn: str
    entry_date: date
    trigger_code: str
    run_start_date: date | None  # None for illness_return
    crossing_date: date
    cme_referral_date: date | None


# --- Counting -----------------------------------------------------------------------------------


def is_absent_for(absence, possible, share: tuple[int, int]):
    """absence / possible >= share, exactly (10 % itself is in): for numbers or arrays of them."""
    numerator, denominator = share
    return (possible > 0) & (absence * denominator >= possible * numerator)


def age_on_31_august_before(date_of_birth: date, academic_year: int) -> int:
    had_birthday = (date_of_birth.month, date_of_birth.day) <= (8, 31)
    return academic_year - date_of_birth.year - (0 if had_birthday else 1)


def count_enrolment_years(
    register: Register, counted: Classified, children: dict[int, Child]
) -> list[EnrolmentYear]:
    """Sessions by category for every enrolment and academic year with a possible session."""
    years = register.academic_year
    first_year = int(years.min()) if len(years) else 0
    spread = int(years.max()) - first_year + 1 if len(years) else 1
    key = register.enrolment * spread + (years - first_year)
    size = len(register.enrolments) * spread

    def total(mask: np.ndarray) -> np.ndarray:
        return np.bincount(key[mask], minlength=size)

    category = counted.category
    possible = total(counted.is_possible)
    cells = np.flatnonzero(possible)
    sessions = [
        total(category == CATEGORY["present"]),
        total(category == CATEGORY["approved_educational_activity"]),
        total(category == CATEGORY["authorised_absence"]),
        total(counted.is_illness & counted.is_possible),
        total(category == CATEGORY["unauthorised_absence"]),
    ]
    present, aea, authorised, illness, unauthorised = (counts[cells] for counts in sessions)
    possible = possible[cells]
    absence = authorised + unauthorised
    persistent = is_absent_for(absence, possible, PERSISTENT_SHARE)
    severe = is_absent_for(absence, possible, SEVERE_SHARE)
    rows = []
    for index, cell in enumerate(cells.tolist()):
        enrolment = register.enrolments[cell // spread]
        year = first_year + cell % spread
        age = age_on_31_august_before(children[enrolment.child_id].date_of_birth, year)
        rows.append(
            EnrolmentYear(
                child_id=enrolment.child_id,
                school_urn=enrolment.school_urn,
                entry_date=enrolment.entry_date,
                academic_year_start=year,
                nc_year=age - 4,
                is_in_cohort=COHORT_AGES[0] <= age <= COHORT_AGES[1],
                possible_sessions=int(possible[index]),
                present_sessions=int(present[index]),
                aea_sessions=int(aea[index]),
                authorised_sessions=int(authorised[index]),
                illness_sessions=int(illness[index]),
                unauthorised_sessions=int(unauthorised[index]),
                is_persistent_absentee=bool(persistent[index]),
                is_severe_absentee=bool(severe[index]),
            )
        )
    return rows


# --- Runs and triggers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Runs:
    """Runs of consecutive sessions of a class, by position in the sessions they were found in."""

    enrolment: np.ndarray
    first: np.ndarray  # position of the run's first session
    last: np.ndarray
    first_school_day: np.ndarray  # the calendar's school-day index of its first date
    last_school_day: np.ndarray

    def crossing_school_day(self, threshold: int) -> np.ndarray:
        """The school-day index on which each run crosses `threshold` school days (-1: it does not)."""
        crossing = self.first_school_day + threshold - 1
        return np.where(crossing <= self.last_school_day, crossing, -1)


def absence_runs(enrolment: np.ndarray, school_day: np.ndarray, in_class: np.ndarray) -> Runs:
    """Maximal runs of sessions in the class.

    The inputs are the possible sessions only, in order (enrolment, date, AM
    before PM): so sessions that are not possible neither break nor extend a
    run, and days without sessions (weekends, holidays) never break one.
    """
    same_enrolment = np.r_[False, enrolment[1:] == enrolment[:-1]]
    continues = in_class & np.r_[False, in_class[:-1]] & same_enrolment
    continued = np.r_[continues[1:], False]
    first = np.flatnonzero(in_class & ~continues)
    last = np.flatnonzero(in_class & ~continued)
    return Runs(enrolment[first], first, last, school_day[first], school_day[last])


def nth_sessions(enrolment: np.ndarray, group: np.ndarray, chosen: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n-th chosen session of each (enrolment, group), sessions in order."""
    positions = np.flatnonzero(chosen)
    keys = np.column_stack([enrolment[positions], group[positions]])
    starts = np.r_[True, np.any(keys[1:] != keys[:-1], axis=1)] if len(positions) else np.array([], bool)
    first_of_group = np.maximum.accumulate(np.where(starts, np.arange(len(positions)), 0))
    rank = np.arange(len(positions)) - first_of_group + 1
    return positions[rank == n]


class AttendanceTruth:
    """The registers' truth, gathered chunk by chunk as the feed is written."""

    def __init__(self, calendar: SchoolCalendar, code_book: CodeBook, history: History, extract_date: date):
        self.calendar = calendar
        self.code_book = code_book
        self.extract_date = extract_date
        self.children = {child.child_id: child for child in history.children}
        self.cases: dict[tuple[int, str], list[Case]] = defaultdict(list)
        for case in sorted(history.cases, key=lambda case: case.start):
            self.cases[(case.child_id, case.case_type)].append(case)
        self.enrolment_years: list[EnrolmentYear] = []
        self.triggers: list[Trigger] = []

    def add(self, register: Register) -> None:
        register = register.on_school_days_on_roll(self.calendar)
        counted = self.code_book.classify(register.code, register.day)
        self.enrolment_years.extend(count_enrolment_years(register, counted, self.children))
        self.triggers.extend(self.run_triggers(register, counted))
        self.triggers.extend(self.illness_returns(register, counted))

    def run_triggers(self, register: Register, counted: Classified) -> list[Trigger]:
        possible = register.subset(counted.is_possible)
        school_day = self.calendar.school_day_index(possible.day)
        classes = {
            "unexplained": counted.is_unexplained[counted.is_possible],
            "deletion": counted.is_deletion_run[counted.is_possible],
        }
        found = {
            name: absence_runs(possible.enrolment, school_day, in_class) for name, in_class in classes.items()
        }
        triggers = []
        for trigger_code, class_name, threshold in RUN_TRIGGERS:
            runs = found[class_name]
            crossing = runs.crossing_school_day(threshold)
            for run in np.flatnonzero(crossing >= 0):
                enrolment = register.enrolments[runs.enrolment[run]]
                crossing_date = self.calendar.school_days[crossing[run]].astype(date)
                triggers.append(
                    Trigger(
                        child_id=enrolment.child_id,
                        school_urn=enrolment.school_urn,
                        entry_date=enrolment.entry_date,
                        trigger_code=trigger_code,
                        run_start_date=possible.day[runs.first[run]].astype(date),
                        crossing_date=crossing_date,
                        cme_referral_date=self.cme_referral_after(enrolment.child_id, crossing_date),
                    )
                )
        return triggers

    def illness_returns(self, register: Register, counted: Classified) -> list[Trigger]:
        illness = counted.is_illness & counted.is_possible
        positions = nth_sessions(register.enrolment, register.academic_year, illness, ILLNESS_RETURN_SESSIONS)
        triggers = []
        for position in positions:
            enrolment = register.enrolments[register.enrolment[position]]
            day = register.day[position].astype(date)
            if any(case.is_open_on(day) for case in self.cases[(enrolment.child_id, "medical")]):
                continue
            triggers.append(
                Trigger(
                    enrolment.child_id,
                    enrolment.school_urn,
                    enrolment.entry_date,
                    "illness_return",
                    None,
                    day,
                    None,
                )
            )
        return triggers

    def cme_referral_after(self, child_id: int, crossing: date) -> date | None:
        """The start of the child's first CME case within 10 school days of the crossing."""
        deadline = self.calendar.add_school_days(crossing, CME_REFERRAL_WITHIN_SCHOOL_DAYS)
        for case in self.cases[(child_id, "cme")]:
            if crossing <= case.start <= deadline:
                return case.start
        return None

    def sorted_enrolment_years(self) -> list[EnrolmentYear]:
        return sorted(
            self.enrolment_years,
            key=lambda row: (row.child_id, row.school_urn, row.entry_date, row.academic_year_start),
        )

    def sorted_triggers(self) -> list[Trigger]:
        return sorted(
            self.triggers,
            key=lambda row: (
                row.child_id,
                row.school_urn,
                row.entry_date,
                row.crossing_date,
                row.trigger_code,
            ),
        )
