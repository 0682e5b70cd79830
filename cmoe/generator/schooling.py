"""Schools and registrations: each child's path through the LA's schools.

The baseline path is reception to year 6 at a primary school and years 7 to
11 at a secondary (or the whole way at a special school), with in-year moves,
families moving in and out, and UPNs allocated by the first school. Later
events (home education, missing education, exclusion) take children off
roll and put them back with `take_off_roll`.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from cmoe import upn as upn_rules
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import Child, Enrolment, academic_year_of
from cmoe.paths import REFERENCE_SEEDS_DIR

LA_CODE = "865"


def _deletion_grounds(regulation_set: str) -> dict[str, str]:
    """The deletion ground code of each category in one set of regulations (deletion_grounds seed)."""
    with (REFERENCE_SEEDS_DIR / "deletion_grounds.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["regulation_set"] == regulation_set]
    return {row["ground_category"]: row["deletion_ground_code"] for row in rows}


# Deletion grounds of the 2006 Pupil Registration Regulations, reg 8(1): 8(1)(b), 8(1)(d) and so on.
_GROUNDS_2006 = _deletion_grounds("2006")
GROUND_TRANSFER = _GROUNDS_2006["transfer"]
GROUND_HOME_EDUCATION = _GROUNDS_2006["home_education"]
# The same ground: the parent's written notice that the child is educated otherwise than at school.
GROUND_OTHERWISE_THAN_AT_SCHOOL = GROUND_HOME_EDUCATION
GROUND_MOVED_AWAY = _GROUNDS_2006["moved_away"]
GROUND_CONTINUOUS_ABSENCE = _GROUNDS_2006["continuous_absence"]
GROUND_END_OF_COMPULSORY_AGE = _GROUNDS_2006["end_of_compulsory_age"]
GROUND_PERMANENT_EXCLUSION = _GROUNDS_2006["permanent_exclusion"]

MAINSTREAM_PHASES = ("primary", "secondary", "special")


@dataclass(frozen=True)
class School:
    urn: str
    laestab: str
    name: str
    phase: str
    capacity: int

    @property
    def establishment_number(self) -> str:
        return self.laestab[-4:]


class Schools:
    """The schools of the scenario: the first N of each phase in the schools seed."""

    def __init__(self, seeds_dir: Path, counts: dict[str, int]):
        with (seeds_dir / "schools.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self.by_phase: dict[str, list[School]] = {}
        for phase, count in counts.items():
            schools = [
                School(row["school_urn"], row["laestab"], row["school_name"], phase, int(row["capacity"]))
                for row in rows
                if row["phase"] == phase
            ][:count]
            if not schools:
                raise SystemExit(f"the schools seed has no {phase} schools")
            self.by_phase[phase] = schools
        self.by_urn = {school.urn: school for schools in self.by_phase.values() for school in schools}

    def pick(self, phase: str, rng: np.random.Generator, other_than: str = "") -> School:
        """A school of the phase, chosen in proportion to its capacity."""
        schools = [school for school in self.by_phase[phase] if school.urn != other_than]
        schools = schools or self.by_phase[phase]
        capacity = np.array([school.capacity for school in schools], dtype=float)
        return schools[int(rng.choice(len(schools), p=capacity / capacity.sum()))]

    def phase_of(self, urn: str) -> str:
        return self.by_urn[urn].phase


def term_start(calendar: SchoolCalendar, academic_year: int) -> date:
    """First day of the autumn term."""
    return calendar.year_start(academic_year)


def term_end(calendar: SchoolCalendar, academic_year: int) -> date:
    """Last day of the summer term."""
    return calendar.year_end(academic_year)


def baseline_enrolments(
    children: list[Child],
    schools: Schools,
    calendar: SchoolCalendar,
    other_las: list[str],
    rng: np.random.Generator,
) -> dict[int, list[Enrolment]]:
    enrolments: dict[int, list[Enrolment]] = {}
    for child in children:
        year = child.reception_year
        if child.sen_provision == "E" and rng.random() < 0.45:
            periods = [("special", term_start(calendar, year), term_end(calendar, year + 11))]
        else:
            periods = [
                ("primary", term_start(calendar, year), term_end(calendar, year + 6)),
                ("secondary", term_start(calendar, year + 7), term_end(calendar, year + 11)),
            ]
        child_enrolments: list[Enrolment] = []
        for phase, first, last in periods:
            if child.resident_from and child.resident_from > first:
                first = calendar.on_or_after(child.resident_from + timedelta(days=int(rng.integers(16))))
            moved_out = child.resident_to is not None and child.resident_to < last
            if moved_out:
                last = child.resident_to
            if first > last:
                continue
            school = schools.pick(phase, rng)
            enrolment = Enrolment(child.child_id, school.urn, first, last)
            if moved_out:
                enrolment.leaving_ground = GROUND_TRANSFER
                enrolment.destination_la = other_las[int(rng.integers(len(other_las)))]
            elif phase == "primary":
                enrolment.leaving_ground = GROUND_TRANSFER
            else:
                enrolment.leaving_ground = GROUND_END_OF_COMPULSORY_AGE
            move_chance = {"primary": 0.15, "secondary": 0.08, "special": 0.03}[phase]
            child_enrolments.extend(_with_in_year_move(enrolment, phase, schools, calendar, move_chance, rng))
        # The primary school's leaving record names the secondary school.
        for before, after in itertools.pairwise(child_enrolments):
            if before.leaving_ground == GROUND_TRANSFER and not before.destination_la:
                before.destination_urn = after.school_urn
        enrolments[child.child_id] = child_enrolments
    return enrolments


def _with_in_year_move(
    enrolment: Enrolment,
    phase: str,
    schools: Schools,
    calendar: SchoolCalendar,
    chance: float,
    rng: np.random.Generator,
) -> list[Enrolment]:
    if rng.random() >= chance or enrolment.leaving_date is None:
        return [enrolment]
    days = (enrolment.leaving_date - enrolment.entry_date).days
    if days < 60:
        return [enrolment]
    move_day = calendar.on_or_before(enrolment.entry_date + timedelta(days=int(rng.integers(30, days - 20))))
    new_entry = calendar.add_school_days(move_day, 1)
    if new_entry > enrolment.leaving_date:
        return [enrolment]
    new_school = schools.pick(phase, rng, other_than=enrolment.school_urn)
    after = replace(enrolment, school_urn=new_school.urn, entry_date=new_entry)
    before = replace(
        enrolment,
        leaving_date=move_day,
        leaving_ground=GROUND_TRANSFER,
        destination_urn=new_school.urn,
        destination_la="",
    )
    return [before, after]


def take_off_roll(
    enrolments: list[Enrolment],
    last_day_on_roll: date,
    back_on: date | None,
    ground: str,
    new_school_urn: str = "",
    destination_la: str = "",
) -> None:
    """Delete the child from roll after `last_day_on_roll`; back on roll from `back_on` (if ever).

    Registrations wholly inside the gap disappear; the one open at the cut ends
    with `ground`; the one open at `back_on` restarts then (at `new_school_urn`
    if given, otherwise where the child would have been).
    """
    kept: list[Enrolment] = []
    for enrolment in enrolments:
        ends_before = enrolment.leaving_date is not None and enrolment.leaving_date <= last_day_on_roll
        if ends_before:
            kept.append(enrolment)
            continue
        runs_past_gap = back_on is not None and (
            enrolment.leaving_date is None or enrolment.leaving_date >= back_on
        )
        if enrolment.entry_date <= last_day_on_roll:
            resumed = None
            if runs_past_gap:
                resumed = replace(
                    enrolment, entry_date=back_on, school_urn=new_school_urn or enrolment.school_urn
                )
            enrolment.leaving_date = last_day_on_roll
            enrolment.leaving_ground = ground
            enrolment.destination_urn = ""
            enrolment.destination_la = destination_la
            kept.append(enrolment)
            if resumed is not None:
                kept.append(resumed)
        elif runs_past_gap:
            enrolment.entry_date = max(enrolment.entry_date, back_on)
            if new_school_urn and enrolment.entry_date == back_on:
                enrolment.school_urn = new_school_urn
            kept.append(enrolment)
    enrolments[:] = kept


def enrolment_on(enrolments: list[Enrolment], day: date) -> Enrolment | None:
    """The main registration (C or M) open on `day`, if any."""
    for enrolment in enrolments:
        if enrolment.status != "S" and enrolment.is_open_on(day):
            return enrolment
    return None


def allocate_upns(
    children: list[Child],
    enrolments: dict[int, list[Enrolment]],
    schools: Schools,
    other_las: list[str],
    rng: np.random.Generator,
) -> None:
    """Permanent UPNs: by another LA for most families who moved in, else by the first school."""
    serials: dict[tuple[str, int], int] = {}
    taken: set[str] = set()
    for child in children:
        first = enrolments[child.child_id][0] if enrolments[child.child_id] else None
        if child.resident_from is not None and rng.random() < 0.8:
            while True:
                la_code = other_las[int(rng.integers(len(other_las)))]
                candidate = upn_rules.permanent_upn(
                    la_code, f"{int(rng.integers(2000, 3999))}", child.reception_year, int(rng.integers(1000))
                )
                if candidate not in taken:
                    break
        elif first is not None:
            school = schools.by_urn[first.school_urn]
            year = academic_year_of(first.entry_date)
            key = (school.establishment_number, year)
            serials[key] = serials.get(key, 0) + 1
            candidate = upn_rules.permanent_upn(LA_CODE, school.establishment_number, year, serials[key])
        else:
            continue
        taken.add(candidate)
        child.upn = candidate


def mistyped_upn(upn: str, rng: np.random.Generator) -> str:
    """One digit keyed wrongly: the check letter no longer fits."""
    while True:
        position = int(rng.integers(1, 13))
        if not upn[position].isdigit():
            continue
        digit = str((int(upn[position]) + int(rng.integers(1, 10))) % 10)
        candidate = upn[:position] + digit + upn[position + 1 :]
        if not upn_rules.is_valid(candidate):
            return candidate
