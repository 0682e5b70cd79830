"""Children missing education: referred to the EWS, found (or not) and closed.

The number open on each as-at date is the committee report's. A case is one
of four kinds: a pupil absent for ten school days who comes back; one absent
until the school deletes them after 20 school days; one who left with no
known destination; or a family new to the LA whose child has no school place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from cmoe.generator import schooling
from cmoe.generator.events.codes import checked, checked_codes
from cmoe.generator.events.state import AgeWeights, Simulation, any_child, between, selection_weight, weighted
from cmoe.generator.quotas import Durations, Interval
from cmoe.generator.world import Case, Child

checked_codes("cme_referral_reasons", "ABS10", "LEFTUNK", "NOPLACE")
checked_codes("cme_closure_outcomes", "RETURNED")


@dataclass(frozen=True)
class MissingEducationRates:
    # Open cases on each as-at date are the committee report's; assumed: a typical case is
    # closed in about seven weeks, none in under three days; no growth over the years.
    durations: Durations = Durations(median_days=35, sigma=1.0, minimum_days=3)
    growth_per_year: float = 0.0
    # The kinds of case, per 100 (assumed). The order is also the order of fallbacks when no
    # child fits the kind drawn.
    kinds: dict[str, int] = field(
        default_factory=lambda: {
            "absence_returned": 30,
            "absence_deleted": 15,
            "left_unknown": 35,
            "no_place": 20,
        }
    )
    # Where a child deleted from roll is found, per 100 (assumed).
    found: dict[str, int] = field(
        default_factory=lambda: {"OTHERLA": 45, "ENROLLA": 35, "ABROAD": 12, "NOTFOUND": 8}
    )
    # Schools refer after 10 school days of continuous unexplained absence (the ABS10 reason);
    # a pupil who left with no known destination is referred after 3 (assumed).
    absent_before_referral: int = 10
    left_before_referral: int = 3
    # Deleted after 20 continuous school days of absence: reg 8(1)(h) of the 2006 regulations.
    absent_before_deletion: int = 20
    left_deleted_before_referral: tuple[int, int] = (0, 4)  # school days (assumed)
    resident_before_days: int = 60  # living in the LA two months before the absence began
    age: AgeWeights = AgeWeights(secondary=1.0, primary=0.6)  # assumed: older pupils go missing more
    arrived_before_referral_days: tuple[int, int] = (0, 21)  # a new arrival is referred within 3 weeks
    recent_arrival_days: int = 400  # a "new" family moved in within about a year before
    found_on_roll: float = 0.85  # of new arrivals whose case closes, the share given a place here

    def __post_init__(self) -> None:
        checked(self.found, "cme_closure_outcomes")


RATES = MissingEducationRates()


def place_missing_education(sim: Simulation) -> None:
    intervals = sim.steered("open_cme", RATES.durations, sim.working_days, growth=RATES.growth_per_year)
    for interval in intervals:
        chosen = weighted(RATES.kinds, sim.rng)
        # If no child fits the kind drawn (say, a new arrival just before the
        # extract date in a small scenario), another kind of case takes its place.
        for kind in [chosen, *(kind for kind in RATES.kinds if kind != chosen)]:
            if kind == "no_place":
                placed = _place_new_arrival_without_place(sim, interval)
            else:
                placed = _place_missing_from_roll(sim, interval, kind)
            if placed:
                break
        else:
            raise RuntimeError(f"no child fits a CME case from {interval.start}")


def _free_and_of_age(sim: Simulation, child: Child, interval: Interval) -> bool:
    return not child.is_busy and child.is_csa(interval.start, interval.end or sim.extract_date)


def _absent_from_roll(sim: Simulation, interval: Interval, run_start: date, needed_to: date | None):
    resident_from = run_start - timedelta(days=RATES.resident_before_days)

    def accept(child: Child) -> bool:
        return (
            _free_and_of_age(sim, child, interval)
            and child.is_resident(resident_from, interval.end or sim.extract_date)
            and sim.covering_enrolment(child, run_start, needed_to) is not None
        )

    return accept


def _place_missing_from_roll(sim: Simulation, interval: Interval, kind: str) -> bool:
    """A pupil stops attending (or vanishes) and the school refers them to the EWS."""
    calendar = sim.calendar
    referral = interval.start
    absent_for = RATES.left_before_referral if kind == "left_unknown" else RATES.absent_before_referral
    run_start = calendar.add_school_days(referral, -absent_for)
    deletion = calendar.add_school_days(run_start, RATES.absent_before_deletion)
    if kind == "absence_deleted" and (interval.end is not None and interval.end <= deletion):
        kind = "absence_returned"
    if kind == "left_unknown":
        before = between(sim.rng, RATES.left_deleted_before_referral)
        deletion = calendar.add_school_days(calendar.on_or_before(referral), -before)
    returns = kind == "absence_returned"
    needed_to = (interval.end if returns else deletion) if (interval.end or not returns) else None
    accept = _absent_from_roll(sim, interval, run_start, needed_to)
    child = sim.pick_child(accept, selection_weight(referral, RATES.age), "CME", required=False)
    if child is None:
        return False
    child.is_busy = True
    enrolment = sim.covering_enrolment(child, run_start, needed_to)
    outcome = "RETURNED" if returns else ""
    last_absent = (interval.end - timedelta(days=1)) if (returns and interval.end) else None
    if not returns:
        last_absent = deletion
        outcome = _close_missing_episode(sim, child, interval, deletion, kind)
    if interval.end is None:
        outcome = ""
    sim.overlay(child, run_start, last_absent, "O", school_urn=enrolment.school_urn)
    sim.history.cases.append(
        Case(
            "cme",
            child.child_id,
            referral,
            interval.end,
            reason="LEFTUNK" if kind == "left_unknown" else "ABS10",
            outcome=outcome,
            school_urn=enrolment.school_urn,
        )
    )
    return True


def _close_missing_episode(
    sim: Simulation, child: Child, interval: Interval, deletion: date, kind: str
) -> str:
    """Delete the pupil; when the child is found, back on roll in the LA or gone from it."""
    ground = schooling.GROUND_CONTINUOUS_ABSENCE if kind == "absence_deleted" else schooling.GROUND_MOVED_AWAY
    enrolments = sim.enrolments_of(child)
    if interval.end is None:
        schooling.take_off_roll(enrolments, deletion, None, ground)
        return ""
    outcome = weighted(RATES.found, sim.rng)
    back_on = None
    if outcome == "ENROLLA":
        back_on = sim.calendar.on_or_after(max(interval.end, deletion) + timedelta(days=1))
    schooling.take_off_roll(enrolments, deletion, back_on, ground)
    if back_on is not None:
        if any(enrolment.entry_date == back_on for enrolment in enrolments):
            sim.resume_elsewhere(child, back_on)
        else:
            outcome = "OTHERLA"
    if outcome != "ENROLLA":
        child.resident_to = interval.end
    return outcome


def _newly_arrived(sim: Simulation, interval: Interval, arrival: date):
    moved_in_after = arrival - timedelta(days=RATES.recent_arrival_days)

    def accept(child: Child) -> bool:
        first_entry = min((e.entry_date for e in sim.enrolments_of(child)), default=date.max)
        return (
            _free_and_of_age(sim, child, interval)
            and child.resident_from is not None
            and moved_in_after <= child.resident_from
            and first_entry >= arrival
            and (child.resident_to is None or child.resident_to > (interval.end or sim.extract_date))
        )

    return accept


def _place_new_arrival_without_place(sim: Simulation, interval: Interval) -> bool:
    """A family moves into the LA and the child has no school place yet."""
    rng = sim.rng
    arrival = interval.start - timedelta(days=between(rng, RATES.arrived_before_referral_days))
    child = sim.pick_child(_newly_arrived(sim, interval, arrival), any_child, "CME", required=False)
    if child is None:
        return False
    child.is_busy = True
    child.resident_from = arrival
    back_on = sim.calendar.on_or_after(interval.end + timedelta(days=1)) if interval.end else None
    outcome = ""
    if interval.end is not None:
        outcome = "ENROLLA" if rng.random() < RATES.found_on_roll else "OTHERLA"
        if outcome == "OTHERLA":
            back_on, child.resident_to = None, interval.end
    schooling.take_off_roll(sim.enrolments_of(child), arrival - timedelta(days=1), back_on, "")
    if outcome == "ENROLLA" and not any(e.entry_date == back_on for e in sim.enrolments_of(child)):
        outcome, child.resident_to = "OTHERLA", interval.end
    sim.history.cases.append(
        Case("cme", child.child_id, interval.start, interval.end, reason="NOPLACE", outcome=outcome)
    )
    return True
