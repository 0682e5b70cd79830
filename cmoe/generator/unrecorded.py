"""What happens to children that no register records: the LA's blind spot.

Only a simulation can know it. Two kinds are simulated, after every recorded
event: a family moves into the LA and no system hears of the child for weeks
(no school application, no referral: the first school registration simply
starts late), and a home-educated child who in truth receives no education,
whatever the last assessment said. `cmoe_truth` counts these children as
truly missing education, beside what the records can reveal.
"""

from __future__ import annotations

from datetime import timedelta

from cmoe.generator.events import Simulation, children_with_records

UNRECORDED_ARRIVAL_SHARE = 0.08  # of children arriving in the LA during the history
UNRECORDED_SCHOOL_DAYS = (25, 80)  # how long no system knows them, in school days
# The share of home-educated children truly receiving an education, by their latest assessment.
EDUCATED_AT_HOME_SHARE = {"Suitable": 0.95, "Not assessed": 0.8, "Unsuitable": 0.0}


def delay_unrecorded_arrivals(sim: Simulation) -> None:
    """Some children who move in reach a school roll weeks late, unknown to any system meanwhile."""
    rng, calendar = sim.rng, sim.calendar
    taken = children_with_records(sim.history)
    for child in sim.history.children:
        arrival = child.resident_from
        if arrival is None or arrival < sim.scenario.history_start or child.child_id in taken:
            continue
        enrolments = sim.enrolments_of(child)
        if not enrolments or rng.random() >= UNRECORDED_ARRIVAL_SHARE:
            continue
        first = min(enrolments, key=lambda enrolment: enrolment.entry_date)
        late_entry = calendar.add_school_days(first.entry_date, int(rng.integers(*UNRECORDED_SCHOOL_DAYS)))
        too_late = first.leaving_date is not None and late_entry > first.leaving_date
        if first.entry_date - arrival > timedelta(days=30) or too_late or late_entry > sim.extract_date:
            continue
        if not child.is_csa(arrival, late_entry):
            continue
        first.entry_date = late_entry
        child.is_busy = True


def judge_home_education(sim: Simulation) -> None:
    """Whether each home-educated child is truly being educated (the register cannot say)."""
    for case in sim.history.cases:
        if case.case_type == "ehe":
            share = EDUCATED_AT_HOME_SHARE[case.details["suitability"]]
            case.details["is_educating"] = bool(sim.rng.random() < share)
