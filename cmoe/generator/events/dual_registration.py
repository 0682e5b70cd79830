"""Dual registration at a pupil referral unit: two days a week away from the main school.

Some secondary pupils at risk of exclusion spend Tuesdays and Thursdays at a
unit for a term or so. The unit registers them as subsidiary (S); the main
school records D on those days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cmoe.generator import schooling
from cmoe.generator.events.state import Simulation, any_child, between
from cmoe.generator.world import Child, Enrolment

TUESDAY, THURSDAY = 1, 3


@dataclass(frozen=True)
class DualRegistrationRates:
    starts_per_pupil: float = 0.0012  # new dual registrations a year per pupil on roll (assumed)
    fewest_term_days: int = 40  # a year with fewer school days in the history has none
    last_start_before_end: int = 30  # no start in the year's last 30 school days
    school_days: tuple[int, int] = (30, 50)  # how long, in school days: about a term (assumed)
    weekdays: tuple[int, ...] = (TUESDAY, THURSDAY)


RATES = DualRegistrationRates()


def place_dual_registrations(sim: Simulation) -> None:
    """Some secondary pupils at risk of exclusion spend two days a week at a unit."""
    units = sim.schools.by_phase.get("alternative_provision", [])
    if not units:
        return
    rng = sim.rng
    for days in sim.yearly_starts(RATES.starts_per_pupil, RATES.fewest_term_days):
        start = days[int(rng.integers(len(days) - RATES.last_start_before_end))]
        end = sim.calendar.add_school_days(start, between(rng, RATES.school_days))
        child = sim.pick_child(_at_secondary_school(sim, start, end), any_child, "a dual registration")
        main = sim.covering_enrolment(child, start, end)
        unit = units[int(rng.integers(len(units)))]
        open_end = end if end < sim.extract_date else None
        ground = schooling.GROUND_TRANSFER if open_end else ""
        sim.add_registration(Enrolment(child.child_id, unit.urn, start, open_end, ground, status="S"))
        # The main school records D on the unit's days.
        sim.overlay(child, start, end, "D", school_urn=main.school_urn, weekdays=RATES.weekdays)


def _at_secondary_school(sim: Simulation, start: date, end: date):
    def accept(child: Child) -> bool:
        enrolment = sim.covering_enrolment(child, start, end)
        return enrolment is not None and sim.schools.phase_of(enrolment.school_urn) == "secondary"

    return accept
