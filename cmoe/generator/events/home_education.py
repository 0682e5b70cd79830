"""Elective home education: the parent's notice takes the child off roll.

The number open on each as-at date is the committee report's (steered by
`quotas`); older pupils are likelier to be withdrawn. An episode ends with a
return to school (back on roll a few days later, at the old school or
another), a move away, the end of compulsory school age, or an unknown end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from cmoe.generator import schooling
from cmoe.generator.events.codes import checked
from cmoe.generator.events.state import (
    AgeWeights,
    SenWeights,
    Simulation,
    between,
    selection_weight,
    weighted,
)
from cmoe.generator.quotas import Durations, Interval
from cmoe.generator.world import Case, Child


@dataclass(frozen=True)
class HomeEducationRates:
    # Open episodes on each as-at date are the committee report's; these shape the flow between.
    # Assumed: a typical episode lasts over a year, and none less than 20 days.
    durations: Durations = Durations(median_days=420, sigma=1.0, minimum_days=20)
    # Yearly rise of new episodes before the first as-at date: the committee table rises about
    # 11 % from 2021 (731) to 2022 (811); 12 % is chosen so the flow before 2021 is smaller.
    growth_per_year: float = 0.12
    # Assumed: secondary pupils are withdrawn more often than primary; SEN makes little difference.
    age: AgeWeights = AgeWeights(secondary=1.0, primary=0.4)
    sen: SenWeights = SenWeights(support=1.0, plan=0.9)
    resident_before_days: int = 30  # living in the LA a month before (not a new arrival)
    # Reasons for home education, per 100 notices: an assumed mix led by mental health and
    # philosophy, with a large "not known" (parents need give no reason).
    reasons: dict[str, int] = field(
        default_factory=lambda: {
            "MENT": 16,
            "PHIL": 12,
            "SCHL": 9,
            "LIFE": 7,
            "SEND": 5,
            "PHYS": 4,
            "BULL": 5,
            "COVID": 4,
            "RELI": 2,
            "SUGG": 2,
            "EXCR": 3,
            "PREF": 3,
            "NOPL": 1,
            "PEX": 1,
            "OTHR": 10,
            "UNKN": 16,
        }
    )
    # How a closed episode ends, per 100 (assumed: most return to school). CSA is not drawn: an
    # episode that runs past the end of compulsory school age ends with it.
    end_reasons: dict[str, int] = field(default_factory=lambda: {"RTS": 70, "MOVED": 20, "OTHR": 6, "SAO": 4})
    back_on_roll_days: tuple[int, int] = (1, 12)  # calendar days after the end, then the next school day
    last_on_roll_days: tuple[int, int] = (0, 8)  # the school deletes up to a week before the LA's start
    assessed: float = 0.8  # share whose provision the LA has assessed (assumed)
    assessment_days: tuple[int, int] = (30, 120)  # first assessment this many days in (assumed)
    # Of those assessed, per 100 (assumed). attendance_orders serves notices on the unsuitable
    # share of cases; its rates were set against this 12 %.
    suitability: dict[str, int] = field(default_factory=lambda: {"Suitable": 88, "Unsuitable": 12})

    def __post_init__(self) -> None:
        checked(self.reasons, "ehe_reasons")
        checked(self.end_reasons, "ehe_end_reasons")


RATES = HomeEducationRates()


def place_home_education(sim: Simulation) -> None:
    intervals = sim.steered("ehe_learners", RATES.durations, sim.working_days, growth=RATES.growth_per_year)
    for interval in intervals:
        _place_one(sim, interval)


def _fits(sim: Simulation, interval: Interval):
    end_or_extract = interval.end or sim.extract_date
    must_cover_to = interval.floor or interval.start
    resident_from = interval.start - timedelta(days=RATES.resident_before_days)

    def accept(child: Child) -> bool:
        # Of compulsory school age from the start; the age may end during the
        # episode only after every as-at date the episode must cover.
        return (
            not child.is_busy
            and child.csa_start <= interval.start
            and child.csa_end >= must_cover_to
            and (interval.end is not None or child.csa_end >= sim.extract_date)
            and child.is_resident(resident_from, end_or_extract)
        )

    return accept


def _place_one(sim: Simulation, interval: Interval) -> None:
    rng = sim.rng
    end_or_extract = interval.end or sim.extract_date
    weight = selection_weight(interval.start, RATES.age, RATES.sen)
    child = sim.pick_child(_fits(sim, interval), weight, "home education")
    child.is_busy = True
    end, end_reason, back_on = _ending(sim, child, interval)
    enrolments = sim.enrolments_of(child)
    on_roll = schooling.enrolment_on(enrolments, interval.start - timedelta(days=1))
    last_day_on_roll = interval.start - timedelta(days=between(rng, RATES.last_on_roll_days))
    if on_roll is not None and last_day_on_roll < on_roll.entry_date:
        last_day_on_roll = on_roll.entry_date
    previous_school = on_roll.school_urn if on_roll else ""
    schooling.take_off_roll(enrolments, last_day_on_roll, back_on, schooling.GROUND_HOME_EDUCATION)
    if back_on is not None:
        if not any(enrolment.entry_date == back_on for enrolment in enrolments):
            end_reason = "OTHR"  # no school place to go back to: left the LA's view
        sim.resume_elsewhere(child, back_on)
    assessed = rng.random() < RATES.assessed
    assessment_date = interval.start + timedelta(days=between(rng, RATES.assessment_days))
    if assessment_date > min(end_or_extract, sim.extract_date):
        assessed = False
    reason = weighted(RATES.reasons, rng)
    suitability = weighted(RATES.suitability, rng) if assessed else "Not assessed"
    sim.history.cases.append(
        Case(
            "ehe",
            child.child_id,
            interval.start,
            end,
            reason=reason,
            outcome=end_reason,
            school_urn=previous_school,
            details={"suitability": suitability, "suitability_date": assessment_date if assessed else None},
        )
    )


def _ending(sim: Simulation, child: Child, interval: Interval) -> tuple[date | None, str, date | None]:
    """The episode's end, why it ended, and the day back on roll (None: not back)."""
    end = interval.end
    if end is None:
        return None, "", None
    if child.csa_end < end:
        return child.csa_end, "CSA", None
    end_reason = weighted(RATES.end_reasons, sim.rng)
    back_on = None
    if end_reason == "MOVED":
        child.resident_to = end
    elif end_reason in ("RTS", "SAO"):
        back_on_after = timedelta(days=between(sim.rng, RATES.back_on_roll_days))
        back_on = sim.calendar.on_or_after(end + back_on_after)
    return end, end_reason, back_on
