"""What happens to children that no register records: the LA's blind spot.

Only a simulation can know it. Two kinds are simulated, after every recorded
event: a family moves into the LA and no system hears of the child for weeks
(no school application, no referral: the first school registration simply
starts late), and a home-educated child who in truth receives no education,
whatever the last assessment said. `cmoe_truth` counts these children as
truly missing education, beside what the records can reveal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from cmoe.generator.events.state import Simulation, between, children_with_records


@dataclass(frozen=True)
class UnrecordedRates:
    # Assumed (no register can measure it): of children arriving in the LA during the history,
    # the share no system hears of for a while, and for how long, in school days.
    arrival_share: float = 0.08
    school_days: tuple[int, int] = (25, 80)
    most_days_before_roll: int = 30  # only families whose child reached a roll within a month
    # The share of home-educated children truly receiving an education, by their latest
    # assessment (assumed; an unsuitable judgement means none).
    educated_at_home: dict[str, float] = field(
        default_factory=lambda: {"Suitable": 0.95, "Not assessed": 0.8, "Unsuitable": 0.0}
    )


RATES = UnrecordedRates()


def delay_unrecorded_arrivals(sim: Simulation) -> None:
    """Some children who move in reach a school roll weeks late, unknown to any system meanwhile."""
    rng, calendar = sim.rng, sim.calendar
    taken = children_with_records(sim.history)
    for child in sim.history.children:
        arrival = child.resident_from
        if arrival is None or arrival < sim.scenario.history_start or child.child_id in taken:
            continue
        enrolments = sim.enrolments_of(child)
        if not enrolments or rng.random() >= RATES.arrival_share:
            continue
        first = min(enrolments, key=lambda enrolment: enrolment.entry_date)
        late_entry = calendar.add_school_days(first.entry_date, between(rng, RATES.school_days))
        too_late = first.leaving_date is not None and late_entry > first.leaving_date
        slow_to_roll = first.entry_date - arrival > timedelta(days=RATES.most_days_before_roll)
        if slow_to_roll or too_late or late_entry > sim.extract_date:
            continue
        if not child.is_csa(arrival, late_entry):
            continue
        first.entry_date = late_entry
        child.is_busy = True


def judge_home_education(sim: Simulation) -> None:
    """Whether each home-educated child is truly being educated (the register cannot say)."""
    for case in sim.history.cases:
        if case.case_type == "ehe":
            share = RATES.educated_at_home[case.details["suitability"]]
            case.details["is_educating"] = bool(sim.rng.random() < share)
