"""What every event shares: the simulation's state and the ways of choosing children.

`Simulation` holds the history the events change. Each event reads and
changes a few things on it (listed beside each step in `EVENT_STEPS`):
- `child.is_busy`: the child already has an episode that keeps them out of
  school (home education, missing education, a permanent exclusion, EOTAS,
  an arrival no system knows of), so no other such episode picks them;
- `child.resident_from` / `child.resident_to`: when the family lives in the LA;
- `history.enrolments`: registrations, cut and re-opened by `take_off_roll`,
  or added (a unit's place) and kept in date order by `add_registration`;
- the records each event appends (cases, exclusions, placements, overlays).

Every draw from `rng` happens in a fixed order: moving a step, or a draw
within a step, changes every later draw and so every file generated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cmoe.generator import schooling
from cmoe.generator.quotas import Durations, Interval, steered_intervals
from cmoe.generator.scenario import Scenario
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import CLOSURES, AttendanceOverlay, Child, Enrolment, History, academic_year_of

# How many children `pick_child` tries before giving up: a required pick fails
# loudly (the scenario is too small), an optional one lets the caller move on.
TRIES_REQUIRED = 200_000
TRIES_OPTIONAL = 20_000
# Of the children who come back on roll, the share who go to another school of the same
# phase rather than the one they left (an assumption: no published figure).
RESUMES_ELSEWHERE = 0.5
SECONDARY_FROM_YEAR = 7  # national curriculum year 7 is the first year of secondary school


def weighted(options: dict[str, float], rng: np.random.Generator) -> str:
    """One key drawn in proportion to its weight (the keys' order matters to the draw)."""
    keys = list(options)
    weights = np.array([options[key] for key in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=weights / weights.sum()))]


def between(rng: np.random.Generator, bounds: tuple[int, int]) -> int:
    """A whole number from low up to, but not including, high (numpy's convention)."""
    return int(rng.integers(*bounds))


def year_group(child: Child, day: date) -> int:
    """National curriculum year on `day` (0 is reception)."""
    return academic_year_of(day) - child.reception_year


def in_closure(day: date) -> bool:
    return any(first <= day <= last for first, last in CLOSURES)


@dataclass(frozen=True)
class AgeWeights:
    """How much likelier a secondary pupil (year 7 up) is chosen than a primary one."""

    secondary: float
    primary: float

    def of(self, child: Child, day: date) -> float:
        return self.secondary if year_group(child, day) >= SECONDARY_FROM_YEAR else self.primary


@dataclass(frozen=True)
class SenWeights:
    """How much likelier a child with SEN support, or with an EHC plan, is chosen (no SEN: 1)."""

    support: float
    plan: float

    def of(self, child: Child) -> float:
        return {"N": 1.0, "K": self.support, "E": self.plan}[child.sen_provision]

    @property
    def most(self) -> float:
        return max(1.0, self.support, self.plan)


def selection_weight(
    day: date | None, age: AgeWeights | None = None, sen: SenWeights | None = None
) -> Callable[[Child], float]:
    """The chance `pick_child` keeps a child: the weights' product over the largest SEN weight,
    so at most 1. Computed as age * sen / most, in that order: the same floats, the same picks."""

    def weight(child: Child) -> float:
        by_age = age.of(child, day) if age is not None else 1.0
        if sen is None:
            return by_age
        return by_age * sen.of(child) / sen.most

    return weight


def any_child(child: Child) -> float:
    """Every child who fits is as likely as any other."""
    return 1.0


@dataclass
class Simulation:
    scenario: Scenario
    calendar: SchoolCalendar
    working_days: SchoolCalendar
    schools: schooling.Schools
    history: History
    other_las: list[str]
    rng: np.random.Generator

    @property
    def extract_date(self) -> date:
        return self.scenario.extract_date

    def enrolments_of(self, child: Child) -> list[Enrolment]:
        return self.history.enrolments[child.child_id]

    def pick_child(
        self,
        accept: Callable[[Child], bool],
        weight: Callable[[Child], float],
        purpose: str,
        required: bool = True,
    ) -> Child | None:
        """A child chosen at random in proportion to `weight` (at most 1) among those accepted."""
        children = self.history.children
        for _ in range(TRIES_REQUIRED if required else TRIES_OPTIONAL):
            child = children[int(self.rng.integers(len(children)))]
            if accept(child) and self.rng.random() < weight(child):
                return child
        if required:
            raise RuntimeError(f"no child fits {purpose}: the scenario is too small for its targets")
        return None

    def covering_enrolment(self, child: Child, first: date, last: date | None) -> Enrolment | None:
        """The child's main registration at a school that covers first..last (None: to the end)."""
        for enrolment in self.enrolments_of(child):
            if enrolment.status == "S":
                continue
            if self.schools.phase_of(enrolment.school_urn) not in schooling.MAINSTREAM_PHASES:
                continue
            if enrolment.covers(first, last):
                return enrolment
        return None

    def steered(
        self, indicator: str, durations: Durations, days: SchoolCalendar, growth: float
    ) -> list[Interval]:
        """Episode dates that meet the scenario's targets for the indicator exactly."""
        return steered_intervals(
            self.scenario.indicator_targets[indicator],
            durations,
            self.scenario.history_start,
            self.extract_date,
            self.rng,
            days,
            growth_per_year=growth,
        )

    def overlay(self, child: Child, first: date, last: date | None, code: str, **options) -> None:
        if last is not None and last < self.scenario.attendance_start:
            return
        self.history.overlays.append(AttendanceOverlay(child.child_id, first, last, code, **options))

    def resume_elsewhere(self, child: Child, back_on: date) -> None:
        """Some children who come back on roll go to a different school of the same phase."""
        for enrolment in self.enrolments_of(child):
            if enrolment.entry_date == back_on and self.rng.random() < RESUMES_ELSEWHERE:
                phase = self.schools.phase_of(enrolment.school_urn)
                enrolment.school_urn = self.schools.pick(phase, self.rng, other_than=enrolment.school_urn).urn

    def add_registration(self, enrolment: Enrolment) -> None:
        """A new registration, kept in order of entry date, a main one (C) before a subsidiary
        one (S) on the same day. The sort is stable: on a tie in both, the earlier stays first."""
        enrolments = self.history.enrolments[enrolment.child_id]
        enrolments.append(enrolment)
        enrolments.sort(key=lambda e: (e.entry_date, e.status))

    def term_days(self, academic_year: int) -> list[date]:
        """The school days of an academic year within the history, lockdowns left out."""
        first = max(date(academic_year, 9, 1), self.scenario.history_start)
        last = min(date(academic_year + 1, 8, 31), self.extract_date - timedelta(days=1))
        days = (day.astype(date) for day in self.calendar.between(first, last))
        return [day for day in days if not in_closure(day)]

    def academic_years(self) -> range:
        """Every academic year from the history's start to the extract date's."""
        return range(self.scenario.history_start.year, self.extract_date.year + 1)

    def yearly_starts(self, starts_per_pupil: float, fewest_term_days: int) -> Iterator[list[date]]:
        """For an event that starts a fixed number of times a year (at least once, in proportion to
        the roll): each academic year's school days once per start, in years with enough of them."""
        per_year = max(1, round(self.scenario.pupils_on_roll * starts_per_pupil))
        for academic_year in self.academic_years():
            days = self.term_days(academic_year)
            if len(days) >= fewest_term_days:
                for _ in range(per_year):
                    yield days


def not_overlapping(cases: dict[int, list[Interval]], child: Child, interval: Interval) -> bool:
    end = interval.end or date.max
    return all(
        end < other.start or (other.end is not None and other.end < interval.start)
        for other in cases.get(child.child_id, [])
    )


def children_on_roll(
    sim: Simulation, intervals: list[Interval], age: AgeWeights, sen: SenWeights
) -> Iterator[tuple[Interval, Child, Enrolment]]:
    """For each interval, a child of compulsory school age on a school's roll throughout.

    A child gets no two overlapping intervals of one kind, so that each
    interval is one more child open on the dates it covers.
    """
    taken: dict[int, list[Interval]] = {}
    for interval in intervals:
        child = sim.pick_child(
            _on_roll_throughout(sim, taken, interval),
            selection_weight(interval.start, age, sen),
            "a case of a child on roll",
        )
        taken.setdefault(child.child_id, []).append(interval)
        yield interval, child, sim.covering_enrolment(child, interval.start, interval.end)


def _on_roll_throughout(
    sim: Simulation, taken: dict[int, list[Interval]], interval: Interval
) -> Callable[[Child], bool]:
    def accept(child: Child) -> bool:
        return (
            child.is_csa(interval.start, interval.end or sim.extract_date)
            and not_overlapping(taken, child, interval)
            and sim.covering_enrolment(child, interval.start, interval.end) is not None
        )

    return accept


def children_with_records(history: History) -> set[int]:
    """Children any register or mark overlay already holds something for (beyond the roll)."""
    return {
        record.child_id
        for record in [*history.cases, *history.exclusions, *history.placements, *history.overlays]
    }
