"""Reduced timetables (part-time timetables): a pupil on roll attends only part of the week.

The number open on each as-at date is the committee report's. The school
records C2 (C before the 2024 codes) for the sessions the pupil is not
expected: every afternoon, and on a short timetable Monday and Friday
mornings too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from cmoe.generator.events.codes import checked
from cmoe.generator.events.state import (
    AgeWeights,
    SenWeights,
    Simulation,
    between,
    children_on_roll,
    weighted,
)
from cmoe.generator.quotas import Durations
from cmoe.generator.world import Case


@dataclass(frozen=True)
class ReducedTimetableRates:
    # Open plans on each as-at date are the committee report's; assumed: a typical plan runs
    # about ten weeks. Growth: the committee table rises from 194 (2021) to 294 (2022); 15 % a
    # year is chosen for the smaller flow before.
    durations: Durations = Durations(median_days=50, sigma=0.8, minimum_days=10)
    growth_per_year: float = 0.15
    # Assumed: mostly secondary pupils, and likelier with SEN (most plans answer an unmet need).
    age: AgeWeights = AgeWeights(secondary=1.0, primary=0.35)
    sen: SenWeights = SenWeights(support=1.6, plan=2.2)
    # Reasons, per 100 (assumed): emotionally based school avoidance and medical reintegration lead.
    reasons: dict[str, int] = field(
        default_factory=lambda: {
            "EBSA": 30,
            "MEDREINT": 25,
            "SEMH": 20,
            "TRANS": 10,
            "SEND": 8,
            "BEHAV": 5,
            "OTHER": 2,
        }
    )
    hours: tuple[float, ...] = (5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5, 25)  # a week, equally likely
    short_week_hours: float = 12  # under this, the pupil misses Monday and Friday mornings too
    planned_days: tuple[int, int] = (28, 57)  # the plan's end, 4 to 8 weeks in (assumed)
    review_days: tuple[int, int] = (14, 29)  # a review within 2 to 4 weeks (assumed)
    parental_agreement: float = 0.94  # the plan needs the parent's agreement; a few lack it

    def __post_init__(self) -> None:
        checked(self.reasons, "rep_reasons")


RATES = ReducedTimetableRates()
MONDAY, FRIDAY = 0, 4


def place_reduced_timetables(sim: Simulation) -> None:
    intervals = sim.steered("rep", RATES.durations, sim.calendar, growth=RATES.growth_per_year)
    rng = sim.rng
    for interval, child, enrolment in children_on_roll(sim, intervals, RATES.age, RATES.sen):
        hours = float(rng.choice(RATES.hours))
        reason = weighted(RATES.reasons, rng)
        planned_end = interval.start + timedelta(days=between(rng, RATES.planned_days))
        review = interval.start + timedelta(days=between(rng, RATES.review_days))
        agreed = rng.random() < RATES.parental_agreement
        sim.history.cases.append(
            Case(
                "rep",
                child.child_id,
                interval.start,
                interval.end,
                reason=reason,
                school_urn=enrolment.school_urn,
                details={
                    "planned_end": planned_end,
                    "review": review,
                    "hours": hours,
                    "parental_agreement": "Y" if agreed else "N",
                },
            )
        )
        # Part-time timetable sessions: C2 (C before the 2024 codes).
        sim.overlay(child, interval.start, interval.end, "C2", sessions="pm", school_urn=enrolment.school_urn)
        if hours < RATES.short_week_hours:
            sim.overlay(
                child,
                interval.start,
                interval.end,
                "C2",
                sessions="am",
                school_urn=enrolment.school_urn,
                weekdays=(MONDAY, FRIDAY),
            )
