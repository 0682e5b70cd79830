"""Education otherwise than at school (EOTAS), named in an EHC plan.

The pupil leaves the roll (written notice of education otherwise, 8(1)(d))
and the LA arranges a package, often part time, until the pupil goes back on
roll. Placed after every other recorded event, on children no other register
holds, so that adding it left every earlier draw as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from cmoe.generator import schooling
from cmoe.generator.events.state import (
    SenWeights,
    Simulation,
    between,
    children_with_records,
    selection_weight,
    weighted,
)
from cmoe.generator.world import Child, Placement


@dataclass(frozen=True)
class EotasRates:
    starts_per_pupil: float = 0.0004  # new packages a year per pupil on roll (assumed)
    fewest_term_days: int = 20  # a year with fewer school days in the history has none
    days: tuple[int, int] = (120, 500)  # a package's length in calendar days (assumed)
    # Nearly always a child with an EHC plan (EOTAS is named in the plan); SEN support rarely.
    sen: SenWeights = SenWeights(support=0.1, plan=1.0)
    # Hours a week and how often each is offered (assumed: often part time).
    hours: dict[int, int] = field(default_factory=lambda: {6: 1, 10: 2, 15: 3, 20: 2, 25: 2})


RATES = EotasRates()


def place_eotas(sim: Simulation) -> None:
    """Each year's packages, each on a child of compulsory school age on roll at the start."""
    taken = children_with_records(sim.history)
    for days in sim.yearly_starts(RATES.starts_per_pupil, RATES.fewest_term_days):
        _place_one(sim, days, taken)


def _free_and_on_roll(sim: Simulation, taken: set[int], start: date, open_end: date | None):
    def accept(child: Child) -> bool:
        last = open_end or sim.extract_date
        return (
            not child.is_busy
            and child.child_id not in taken
            and child.is_csa(start, last)
            and child.is_resident(start, last)
            and sim.covering_enrolment(child, start - timedelta(days=1), open_end) is not None
        )

    return accept


def _place_one(sim: Simulation, days: list[date], taken: set[int]) -> None:
    rng, calendar = sim.rng, sim.calendar
    start = days[int(rng.integers(len(days)))]
    end = calendar.on_or_before(start + timedelta(days=between(rng, RATES.days)))
    open_end = end if end < sim.extract_date else None
    accept = _free_and_on_roll(sim, taken, start, open_end)
    child = sim.pick_child(accept, selection_weight(start, sen=RATES.sen), "an EOTAS package", required=False)
    if child is None:
        return
    child.is_busy = True
    taken.add(child.child_id)
    back_on = calendar.on_or_after(end + timedelta(days=1)) if open_end else None
    ground = schooling.GROUND_OTHERWISE_THAN_AT_SCHOOL
    schooling.take_off_roll(sim.enrolments_of(child), start - timedelta(days=1), back_on, ground)
    hours = int(weighted({str(hours): weight for hours, weight in RATES.hours.items()}, rng))
    sim.history.placements.append(
        Placement(
            child.child_id,
            "EOTAS",
            "Education otherwise than at school package",
            "",
            start,
            open_end,
            hours,
        )
    )
