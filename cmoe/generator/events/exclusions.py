"""Exclusions: permanent exclusions (with the provision that follows) and suspensions.

Permanent exclusions each year are the committee report's. The excluded
pupil is marked E for five school days; from the sixth the LA must arrange
full-time education (K; B before the 2024 codes), here at a pupil referral
unit, until a new school takes them. Suspensions follow a rate per 100
pupils on roll, falling on a few pupils again and again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from cmoe.generator import schooling
from cmoe.generator.events.codes import REASONS_CHANGED, checked, exclusion_category, valid_reasons
from cmoe.generator.events.state import SenWeights, Simulation, between, selection_weight, weighted
from cmoe.generator.world import Child, Enrolment, Exclusion, Placement


@dataclass(frozen=True)
class ReasonRates:
    # How often each reason is given, per 100 (assumed: persistent disruption the most common, as
    # in DfE's exclusion statistics). The reasons valid on the day come from the seed: OT until
    # August 2020, OW, MT, LG and DS from September 2020 (PH, also new then, is never drawn).
    reasons: dict[str, int] = field(
        default_factory=lambda: {
            "DB": 30,
            "PA": 12,
            "VA": 18,
            "PP": 10,
            "VP": 8,
            "DA": 6,
            "DM": 4,
            "BU": 2,
            "RA": 1,
            "SM": 2,
            "TH": 2,
            "OT": 5,
            "OW": 2,
            "MT": 3,
            "LG": 1,
            "DS": 1,
        }
    )
    # From September 2020 a school may record up to three reasons: how many (assumed shares).
    counts: tuple[int, ...] = (1, 2, 3)
    count_shares: tuple[float, ...] = (0.7, 0.22, 0.08)

    def __post_init__(self) -> None:
        checked(self.reasons, "exclusion_reasons")


@dataclass(frozen=True)
class PermanentExclusionRates:
    # The LA's secondary schools have permanently excluded no one since 2020 (the committee
    # report): from then primary only; before, three secondary to one primary (assumed).
    primary_only_from: int = 2020
    phases_before: tuple[str, ...] = ("secondary", "secondary", "secondary", "primary")
    rescinded: float = 0.15  # extra exclusions the governors reverse (not counted; assumed share)
    review_school_days: int = 15  # governors consider it within 15 school days; then off roll
    sen: SenWeights = SenWeights(support=2.0, plan=2.5)  # pupils with SEN are excluded more often
    upheld: float = 0.6  # of those not reversed, the share whose review is recorded as upheld
    excluded_school_days: int = 5  # marked E; from the sixth school day the LA's provision (K)
    provision_school_days: tuple[int, int] = (60, 190)  # at the unit, about one to three terms
    unit_hours: tuple[int, ...] = (15, 20, 25)  # hours a week at the unit, equally likely


@dataclass(frozen=True)
class SuspensionRates:
    # Each child's propensity: gamma with mean 1 and a long tail, so that most pupils are never
    # suspended and a few many times (assumed).
    propensity_shape: float = 0.25
    propensity_scale: float = 4.0
    # Relative to secondary (assumed): primary pupils are suspended far less, AP pupils more.
    phase_weights: dict[str, float] = field(
        default_factory=lambda: {
            "primary": 0.25,
            "secondary": 1.0,
            "special": 0.6,
            "alternative_provision": 1.2,
        }
    )
    lunchtime: float = 0.04  # of suspensions, the share over lunchtime (one session)
    # A suspension's length in sessions (two a day) and the share of each (assumed).
    sessions: tuple[int, ...] = (1, 2, 3, 4, 6, 10)
    session_shares: tuple[float, ...] = (0.12, 0.38, 0.12, 0.18, 0.12, 0.08)


REASONS = ReasonRates()
PERMANENT = PermanentExclusionRates()
SUSPENSIONS = SuspensionRates()


def exclusion_reasons(day: date, rng: np.random.Generator) -> tuple[str, ...]:
    """One reason before September 2020; from then one to three different ones."""
    reasons_now = valid_reasons(REASONS.reasons, day)
    if day < REASONS_CHANGED:
        return (weighted(reasons_now, rng),)
    count = int(rng.choice(REASONS.counts, p=REASONS.count_shares))
    reasons: list[str] = []
    while len(reasons) < count:
        reason = weighted(reasons_now, rng)
        if reason not in reasons:
            reasons.append(reason)
    return tuple(reasons)


# --- Permanent exclusions ----------------------------------------------------


def place_permanent_exclusions(sim: Simulation) -> None:
    rng = sim.rng
    for academic_year, count in sorted(sim.scenario.permanent_exclusions.items()):
        days = sim.term_days(academic_year)
        primary_only = academic_year >= PERMANENT.primary_only_from
        phases = ("primary",) if primary_only else PERMANENT.phases_before
        rescinded = int(rng.binomial(count, PERMANENT.rescinded))
        for index in range(count + rescinded):
            day = days[int(rng.integers(len(days)))]
            phase = phases[int(rng.integers(len(phases)))]
            _place_one_permanent(sim, day, phase, is_rescinded=index >= count)


def _excludable(sim: Simulation, day: date, phase: str, deletion: date):
    def accept(child: Child) -> bool:
        enrolment = schooling.enrolment_on(sim.enrolments_of(child), day)
        return (
            not child.is_busy
            and enrolment is not None
            and sim.schools.phase_of(enrolment.school_urn) == phase
            and enrolment.covers(day, deletion)
            and child.is_csa(day, deletion)
        )

    return accept


def _place_one_permanent(sim: Simulation, day: date, phase: str, is_rescinded: bool) -> None:
    calendar = sim.calendar
    deletion = calendar.add_school_days(day, PERMANENT.review_school_days)
    weight = selection_weight(day, sen=PERMANENT.sen)
    child = sim.pick_child(_excludable(sim, day, phase, deletion), weight, "a permanent exclusion")
    child.is_busy = True
    enrolment = schooling.enrolment_on(sim.enrolments_of(child), day)
    reasons = exclusion_reasons(day, sim.rng)
    upheld = "REINSTATED" if is_rescinded else ("UPHELD" if sim.rng.random() < PERMANENT.upheld else "")
    category = exclusion_category("permanent", day)
    sim.history.exclusions.append(
        Exclusion(child.child_id, enrolment.school_urn, category, day, None, reasons, review_outcome=upheld)
    )
    last_excluded = calendar.add_school_days(day, PERMANENT.excluded_school_days - 1)
    sim.overlay(child, day, last_excluded, "E", school_urn=enrolment.school_urn)
    if is_rescinded:
        return
    # From the sixth school day the LA arranges education: K (B before the 2024 codes).
    provision_start = calendar.add_school_days(day, PERMANENT.excluded_school_days)
    sim.overlay(child, provision_start, deletion, "K", school_urn=enrolment.school_urn)
    _place_after_permanent_exclusion(sim, child, enrolment, provision_start, deletion)


def _place_after_permanent_exclusion(
    sim: Simulation, child: Child, enrolment: Enrolment, provision_start: date, deletion: date
) -> None:
    """The LA's provision at a unit (or an independent provider), then a new school."""
    rng, calendar = sim.rng, sim.calendar
    units = sim.schools.by_phase.get("alternative_provision", [])
    provision_end = calendar.add_school_days(provision_start, between(rng, PERMANENT.provision_school_days))
    back_on = calendar.add_school_days(provision_end, 1)
    excluding_school = enrolment.school_urn
    unit = units[int(rng.integers(len(units)))] if units else None
    schooling.take_off_roll(sim.enrolments_of(child), deletion, back_on, schooling.GROUND_PERMANENT_EXCLUSION)
    # Never back to the school that excluded them.
    for later in sim.enrolments_of(child):
        if later.entry_date == back_on and later.school_urn == excluding_school:
            phase = sim.schools.phase_of(excluding_school)
            later.school_urn = sim.schools.pick(phase, rng, other_than=excluding_school).urn
    open_end = provision_end if provision_end < sim.extract_date else None
    sim.history.placements.append(
        Placement(
            child.child_id,
            "AP",
            unit.name if unit else "Independent alternative provision",
            unit.urn if unit else "",
            provision_start,
            open_end,
            int(rng.choice(PERMANENT.unit_hours)),
        )
    )
    if unit is not None:
        ground = schooling.GROUND_TRANSFER if open_end else ""
        unit_entry = calendar.add_school_days(deletion, 1)
        sim.add_registration(Enrolment(child.child_id, unit.urn, unit_entry, open_end, ground))


# --- Suspensions -------------------------------------------------------------


def place_suspensions(sim: Simulation) -> None:
    rng = sim.rng
    children = sim.history.children
    propensity = rng.gamma(SUSPENSIONS.propensity_shape, SUSPENSIONS.propensity_scale, size=len(children))
    for academic_year, per_100 in sorted(sim.scenario.suspensions_per_100.items()):
        days = sim.term_days(academic_year)
        if not days:
            continue
        candidates, weights = _suspendable(sim, days[0], days[-1], propensity)
        probabilities = np.array(weights) / np.sum(weights)
        wanted = round(sim.scenario.pupils_on_roll * per_100 / 100)
        chosen = rng.choice(len(candidates), size=wanted, p=probabilities)
        seen: set[tuple[int, date]] = set()
        for index in chosen:
            child, enrolment = candidates[int(index)]
            possible = [day for day in days if enrolment.is_open_on(day)]
            if not possible:
                continue
            day = possible[int(rng.integers(len(possible)))]
            if (child.child_id, day) in seen:
                continue  # one suspension a day
            seen.add((child.child_id, day))
            _place_one_suspension(sim, child, enrolment, day)


def _suspendable(
    sim: Simulation, first: date, last: date, propensity: np.ndarray
) -> tuple[list[tuple[Child, Enrolment]], list[float]]:
    """Main registrations open during the year, each weighted by the child's propensity and the
    school's phase."""
    candidates: list[tuple[Child, Enrolment]] = []
    weights: list[float] = []
    for child in sim.history.children:
        for enrolment in sim.enrolments_of(child):
            if enrolment.status == "S" or (
                not enrolment.is_open_on(first) and not (first <= enrolment.entry_date <= last)
            ):
                continue
            phase = sim.schools.phase_of(enrolment.school_urn)
            if phase not in SUSPENSIONS.phase_weights:
                continue
            candidates.append((child, enrolment))
            weights.append(propensity[child.child_id] * SUSPENSIONS.phase_weights[phase])
    return candidates, weights


def _place_one_suspension(sim: Simulation, child: Child, enrolment: Enrolment, day: date) -> None:
    rng = sim.rng
    lunchtime = rng.random() < SUSPENSIONS.lunchtime
    sessions = 1 if lunchtime else int(rng.choice(SUSPENSIONS.sessions, p=SUSPENSIONS.session_shares))
    category = exclusion_category("lunchtime" if lunchtime else "suspension", day)
    reasons = exclusion_reasons(day, rng)
    sim.history.exclusions.append(
        Exclusion(child.child_id, enrolment.school_urn, category, day, sessions, reasons)
    )
    if lunchtime:
        return
    full_days, half_day = divmod(sessions, 2)
    if full_days:
        last_day = sim.calendar.add_school_days(day, full_days - 1)
        sim.overlay(child, day, last_day, "E", school_urn=enrolment.school_urn)
    if half_day:
        extra = sim.calendar.add_school_days(day, full_days)
        sim.overlay(child, extra, extra, "E", sessions="am", school_urn=enrolment.school_urn)
