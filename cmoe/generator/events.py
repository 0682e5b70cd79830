"""What happens to children beyond the ordinary path through school.

Each `place_*` function adds one kind of event to the history, choosing
children the way the event really selects them (older pupils are more often
home educated, secondary pupils more often suspended, and so on) and
changing their registrations to match: a child who becomes home educated is
deleted from roll, one who is found after going missing goes back on roll.
Counts the committee report fixes are steered by `quotas`; the rest follows
rates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cmoe.generator import schooling
from cmoe.generator.quotas import Durations, Interval, steered_intervals
from cmoe.generator.scenario import Scenario
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import (
    CLOSURES,
    AttendanceOverlay,
    Case,
    Child,
    Enrolment,
    Exclusion,
    History,
    Placement,
    SocialCareEpisode,
    academic_year_of,
)

EHE_REASONS = {
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
REP_REASONS = {"EBSA": 30, "MEDREINT": 25, "SEMH": 20, "TRANS": 10, "SEND": 8, "BEHAV": 5, "OTHER": 2}
MEDICAL_PROVISION = {"HOMETUIT": 45, "ONLINE": 20, "SMALLGRP": 25, "HOSPITAL": 10}
EXCLUSION_REASONS_BEFORE_2020 = {
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
}
# From September 2020 "other" went and four reasons came (DfE exclusion statistics methodology).
EXCLUSION_REASONS_FROM_2020 = {
    **{code: weight for code, weight in EXCLUSION_REASONS_BEFORE_2020.items() if code != "OT"},
    "OW": 2,
    "MT": 3,
    "LG": 1,
    "DS": 1,
}
NEW_EXCLUSION_REASONS_FROM = date(2020, 9, 1)
SUSPENSION_CATEGORY_FROM = date(2021, 9, 1)


def weighted(options: dict[str, float], rng: np.random.Generator) -> str:
    keys = list(options)
    weights = np.array([options[key] for key in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=weights / weights.sum()))]


def year_group(child: Child, day: date) -> int:
    """National curriculum year on `day` (0 is reception)."""
    return academic_year_of(day) - child.reception_year


def in_closure(day: date) -> bool:
    return any(first <= day <= last for first, last in CLOSURES)


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
        for _ in range(200_000 if required else 20_000):
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
        """Half the children who come back on roll go to a different school of the same phase."""
        for enrolment in self.enrolments_of(child):
            if enrolment.entry_date == back_on and self.rng.random() < 0.5:
                phase = self.schools.phase_of(enrolment.school_urn)
                enrolment.school_urn = self.schools.pick(phase, self.rng, other_than=enrolment.school_urn).urn


def _age_weight(child: Child, day: date, secondary: float, primary: float) -> float:
    return secondary if year_group(child, day) >= 7 else primary


def _sen_weight(child: Child, support: float, plan: float) -> float:
    return {"N": 1.0, "K": support, "E": plan}[child.sen_provision]


def _not_overlapping(cases: dict[int, list[Interval]], child: Child, interval: Interval) -> bool:
    end = interval.end or date.max
    return all(
        end < other.start or (other.end is not None and other.end < interval.start)
        for other in cases.get(child.child_id, [])
    )


# --- Elective home education -------------------------------------------------


def place_home_education(sim: Simulation) -> None:
    intervals = sim.steered(
        "ehe_learners", Durations(median_days=420, sigma=1.0, minimum_days=20), sim.working_days, growth=0.12
    )
    for interval in intervals:
        _place_one_home_education(sim, interval)


def _place_one_home_education(sim: Simulation, interval: Interval) -> None:
    rng = sim.rng
    end_or_extract = interval.end or sim.extract_date
    must_cover_to = interval.floor or interval.start

    def accept(child: Child) -> bool:
        # Of compulsory school age from the start; the age may end during the
        # episode only after every as-at date the episode must cover.
        return (
            not child.is_busy
            and child.csa_start <= interval.start
            and child.csa_end >= must_cover_to
            and (interval.end is not None or child.csa_end >= sim.extract_date)
            and child.is_resident(interval.start - timedelta(days=30), end_or_extract)
        )

    child = sim.pick_child(
        accept,
        lambda child: _age_weight(child, interval.start, 1.0, 0.4) * _sen_weight(child, 1.0, 0.9) / 1.0,
        "home education",
    )
    child.is_busy = True
    enrolments = sim.enrolments_of(child)
    end, end_reason, back_on = interval.end, "", None
    if end is not None and child.csa_end < end:
        end, end_reason = child.csa_end, "CSA"
    elif end is not None:
        end_reason = weighted({"RTS": 70, "MOVED": 20, "OTHR": 6, "SAO": 4}, rng)
        if end_reason == "MOVED":
            child.resident_to = end
        elif end_reason in ("RTS", "SAO"):
            back_on = sim.calendar.on_or_after(end + timedelta(days=int(rng.integers(1, 12))))
    on_roll = schooling.enrolment_on(enrolments, interval.start - timedelta(days=1))
    last_day_on_roll = interval.start - timedelta(days=int(rng.integers(0, 8)))
    if on_roll is not None and last_day_on_roll < on_roll.entry_date:
        last_day_on_roll = on_roll.entry_date
    previous_school = on_roll.school_urn if on_roll else ""
    schooling.take_off_roll(enrolments, last_day_on_roll, back_on, schooling.GROUND_HOME_EDUCATION)
    if back_on is not None:
        if not any(enrolment.entry_date == back_on for enrolment in enrolments):
            end_reason = "OTHR"  # no school place to go back to: left the LA's view
        sim.resume_elsewhere(child, back_on)
    assessed = rng.random() < 0.8
    assessment_date = interval.start + timedelta(days=int(rng.integers(30, 120)))
    if assessment_date > min(end_or_extract, sim.extract_date):
        assessed = False
    sim.history.cases.append(
        Case(
            "ehe",
            child.child_id,
            interval.start,
            end,
            reason=weighted(EHE_REASONS, rng),
            outcome=end_reason,
            school_urn=previous_school,
            details={
                "suitability": weighted({"Suitable": 88, "Unsuitable": 12}, rng)
                if assessed
                else "Not assessed",
                "suitability_date": assessment_date if assessed else None,
            },
        )
    )


# --- Children missing education ----------------------------------------------


CME_KINDS = {"absence_returned": 30, "absence_deleted": 15, "left_unknown": 35, "no_place": 20}
CME_FOUND_OUTCOMES = {"OTHERLA": 45, "ENROLLA": 35, "ABROAD": 12, "NOTFOUND": 8}


def place_missing_education(sim: Simulation) -> None:
    intervals = sim.steered(
        "open_cme", Durations(median_days=35, sigma=1.0, minimum_days=3), sim.working_days, growth=0.0
    )
    for interval in intervals:
        chosen = weighted(CME_KINDS, sim.rng)
        # If no child fits the kind drawn (say, a new arrival just before the
        # extract date in a small scenario), another kind of case takes its place.
        for kind in [chosen, *(kind for kind in CME_KINDS if kind != chosen)]:
            if kind == "no_place":
                placed = _place_new_arrival_without_place(sim, interval)
            else:
                placed = _place_missing_from_roll(sim, interval, kind)
            if placed:
                break
        else:
            raise RuntimeError(f"no child fits a CME case from {interval.start}")


def _cme_child_ok(sim: Simulation, child: Child, interval: Interval) -> bool:
    return not child.is_busy and child.is_csa(interval.start, interval.end or sim.extract_date)


def _place_missing_from_roll(sim: Simulation, interval: Interval, kind: str) -> bool:
    """A pupil stops attending (or vanishes) and the school refers them to the EWS."""
    rng, calendar = sim.rng, sim.calendar
    referral = interval.start
    run_start = calendar.add_school_days(referral, -10 if kind != "left_unknown" else -3)
    deletion = calendar.add_school_days(run_start, 20)  # 20 continuous school days: reg 8(1)(h)
    if kind == "absence_deleted" and (interval.end is not None and interval.end <= deletion):
        kind = "absence_returned"
    if kind == "left_unknown":
        deletion = calendar.add_school_days(calendar.on_or_before(referral), -int(rng.integers(0, 4)))
    returns = kind == "absence_returned"
    needed_to = (interval.end if returns else deletion) if (interval.end or not returns) else None

    def accept(child: Child) -> bool:
        return (
            _cme_child_ok(sim, child, interval)
            and child.is_resident(run_start - timedelta(days=60), interval.end or sim.extract_date)
            and sim.covering_enrolment(child, run_start, needed_to) is not None
        )

    child = sim.pick_child(
        accept, lambda child: _age_weight(child, referral, 1.0, 0.6), "CME", required=False
    )
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
    outcome = weighted(CME_FOUND_OUTCOMES, sim.rng)
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


def _place_new_arrival_without_place(sim: Simulation, interval: Interval) -> bool:
    """A family moves into the LA and the child has no school place yet."""
    rng = sim.rng
    arrival = interval.start - timedelta(days=int(rng.integers(0, 21)))

    def accept(child: Child) -> bool:
        first_entry = min((e.entry_date for e in sim.enrolments_of(child)), default=date.max)
        return (
            _cme_child_ok(sim, child, interval)
            and child.resident_from is not None
            and arrival - timedelta(days=400) <= child.resident_from
            and first_entry >= arrival
            and (child.resident_to is None or child.resident_to > (interval.end or sim.extract_date))
        )

    child = sim.pick_child(accept, lambda child: 1.0, "CME", required=False)
    if child is None:
        return False
    child.is_busy = True
    child.resident_from = arrival
    back_on = sim.calendar.on_or_after(interval.end + timedelta(days=1)) if interval.end else None
    outcome = ""
    if interval.end is not None:
        outcome = "ENROLLA" if rng.random() < 0.85 else "OTHERLA"
        if outcome == "OTHERLA":
            back_on, child.resident_to = None, interval.end
    schooling.take_off_roll(sim.enrolments_of(child), arrival - timedelta(days=1), back_on, "")
    if outcome == "ENROLLA" and not any(e.entry_date == back_on for e in sim.enrolments_of(child)):
        outcome, child.resident_to = "OTHERLA", interval.end
    sim.history.cases.append(
        Case("cme", child.child_id, interval.start, interval.end, reason="NOPLACE", outcome=outcome)
    )
    return True


# --- Reduced timetables and medical needs ------------------------------------


def place_reduced_timetables(sim: Simulation) -> None:
    intervals = sim.steered(
        "rep", Durations(median_days=50, sigma=0.8, minimum_days=10), sim.calendar, growth=0.15
    )
    rng = sim.rng
    for interval, child, enrolment in _children_on_roll(sim, intervals, secondary=1.0, primary=0.35):
        hours = float(rng.choice([5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5, 25]))
        sim.history.cases.append(
            Case(
                "rep",
                child.child_id,
                interval.start,
                interval.end,
                reason=weighted(REP_REASONS, rng),
                school_urn=enrolment.school_urn,
                details={
                    "planned_end": interval.start + timedelta(days=int(rng.integers(28, 57))),
                    "review": interval.start + timedelta(days=int(rng.integers(14, 29))),
                    "hours": hours,
                    "parental_agreement": "Y" if rng.random() < 0.94 else "N",
                },
            )
        )
        # Part-time timetable sessions: C2 (C before the 2024 codes).
        sim.overlay(child, interval.start, interval.end, "C2", sessions="pm", school_urn=enrolment.school_urn)
        if hours < 12:
            sim.overlay(
                child,
                interval.start,
                interval.end,
                "C2",
                sessions="am",
                school_urn=enrolment.school_urn,
                weekdays=(0, 4),
            )


def place_medical_cases(sim: Simulation) -> None:
    intervals = sim.steered(
        "medical_open_cases",
        Durations(median_days=110, sigma=0.9, minimum_days=10),
        sim.working_days,
        growth=0.0,
    )
    rng = sim.rng
    for interval, child, enrolment in _children_on_roll(sim, intervals, secondary=1.0, primary=0.4):
        provision = weighted(MEDICAL_PROVISION, rng)
        sim.history.cases.append(
            Case(
                "medical",
                child.child_id,
                interval.start,
                interval.end,
                reason="",
                school_urn=enrolment.school_urn,
                details={
                    "referral": interval.start - timedelta(days=int(rng.integers(7, 46))),
                    "provision": provision,
                    "hours": int(rng.integers(10, 21) if provision == "HOSPITAL" else rng.integers(5, 16)),
                },
            )
        )
        # Education arranged by the LA: K (B, educated off site, before the 2024 codes).
        sim.overlay(child, interval.start, interval.end, "K", school_urn=enrolment.school_urn)


def _children_on_roll(sim: Simulation, intervals: list[Interval], secondary: float, primary: float):
    """For each interval, a child of compulsory school age on a school's roll throughout.

    A child gets no two overlapping intervals of one kind, so that each
    interval is one more child open on the dates it covers.
    """
    taken: dict[int, list[Interval]] = {}
    for interval in intervals:
        # The closures run inside this iteration: bind `interval` to it explicitly.
        def accept(child: Child, interval: Interval = interval) -> bool:
            return (
                child.is_csa(interval.start, interval.end or sim.extract_date)
                and _not_overlapping(taken, child, interval)
                and sim.covering_enrolment(child, interval.start, interval.end) is not None
            )

        child = sim.pick_child(
            accept,
            lambda child, interval=interval: (
                _age_weight(child, interval.start, secondary, primary) * _sen_weight(child, 1.6, 2.2) / 2.2
            ),
            "a case of a child on roll",
        )
        taken.setdefault(child.child_id, []).append(interval)
        yield interval, child, sim.covering_enrolment(child, interval.start, interval.end)


# --- Exclusions --------------------------------------------------------------


def _exclusion_reasons(day: date, rng: np.random.Generator) -> tuple[str, ...]:
    if day < NEW_EXCLUSION_REASONS_FROM:
        return (weighted(EXCLUSION_REASONS_BEFORE_2020, rng),)
    count = int(rng.choice([1, 2, 3], p=[0.7, 0.22, 0.08]))
    reasons: list[str] = []
    while len(reasons) < count:
        reason = weighted(EXCLUSION_REASONS_FROM_2020, rng)
        if reason not in reasons:
            reasons.append(reason)
    return tuple(reasons)


def _term_days(sim: Simulation, academic_year: int) -> list[date]:
    first = max(date(academic_year, 9, 1), sim.scenario.history_start)
    last = min(date(academic_year + 1, 8, 31), sim.extract_date - timedelta(days=1))
    return [day.astype(date) for day in sim.calendar.between(first, last) if not in_closure(day.astype(date))]


def place_permanent_exclusions(sim: Simulation) -> None:
    rng = sim.rng
    alternative_provision = sim.schools.by_phase.get("alternative_provision", [])
    for academic_year, count in sorted(sim.scenario.permanent_exclusions.items()):
        days = _term_days(sim, academic_year)
        # The LA's secondary schools have permanently excluded no one since 2020 (the report).
        phases = ("primary",) if academic_year >= 2020 else ("secondary", "secondary", "secondary", "primary")
        rescinded = int(rng.binomial(count, 0.15))
        for index in range(count + rescinded):
            is_rescinded = index >= count
            day = days[int(rng.integers(len(days)))]
            phase = phases[int(rng.integers(len(phases)))]
            deletion = sim.calendar.add_school_days(day, 15)

            def accept(child: Child, day: date = day, phase: str = phase, deletion: date = deletion) -> bool:
                enrolment = schooling.enrolment_on(sim.enrolments_of(child), day)
                return (
                    not child.is_busy
                    and enrolment is not None
                    and sim.schools.phase_of(enrolment.school_urn) == phase
                    and enrolment.covers(day, deletion)
                    and child.is_csa(day, deletion)
                )

            child = sim.pick_child(
                accept, lambda child: _sen_weight(child, 2.0, 2.5) / 2.5, "a permanent exclusion"
            )
            child.is_busy = True
            enrolment = schooling.enrolment_on(sim.enrolments_of(child), day)
            sim.history.exclusions.append(
                Exclusion(
                    child.child_id,
                    enrolment.school_urn,
                    "PERM",
                    day,
                    None,
                    _exclusion_reasons(day, rng),
                    review_outcome="REINSTATED" if is_rescinded else ("UPHELD" if rng.random() < 0.6 else ""),
                )
            )
            fifth_day = sim.calendar.add_school_days(day, 4)
            sim.overlay(child, day, fifth_day, "E", school_urn=enrolment.school_urn)
            if is_rescinded:
                continue
            # From the sixth school day the LA arranges education: K (B before the 2024 codes).
            sim.overlay(
                child, sim.calendar.add_school_days(day, 5), deletion, "K", school_urn=enrolment.school_urn
            )
            _place_after_permanent_exclusion(sim, child, enrolment, day, deletion, alternative_provision)


def _place_after_permanent_exclusion(sim, child, enrolment, day, deletion, alternative_provision) -> None:
    """The LA arranges provision from the sixth school day; later a new school."""
    rng, calendar = sim.rng, sim.calendar
    provision_start = calendar.add_school_days(day, 5)
    provision_end = calendar.add_school_days(provision_start, int(rng.integers(60, 190)))
    back_on = calendar.add_school_days(provision_end, 1)
    excluding_school = enrolment.school_urn
    unit = (
        alternative_provision[int(rng.integers(len(alternative_provision)))]
        if alternative_provision
        else None
    )
    schooling.take_off_roll(sim.enrolments_of(child), deletion, back_on, schooling.GROUND_PERMANENT_EXCLUSION)
    for later in sim.enrolments_of(child):
        if later.entry_date == back_on and later.school_urn == excluding_school:
            later.school_urn = sim.schools.pick(
                sim.schools.phase_of(excluding_school), rng, other_than=excluding_school
            ).urn
    open_end = provision_end if provision_end < sim.extract_date else None
    sim.history.placements.append(
        Placement(
            child.child_id,
            "AP",
            unit.name if unit else "Independent alternative provision",
            unit.urn if unit else "",
            provision_start,
            open_end,
            int(rng.choice([15, 20, 25])),
        )
    )
    if unit is not None:
        unit_entry = calendar.add_school_days(deletion, 1)
        sim.history.enrolments[child.child_id].append(
            Enrolment(
                child.child_id,
                unit.urn,
                unit_entry,
                open_end,
                schooling.GROUND_TRANSFER if open_end else "",
            )
        )
        sim.history.enrolments[child.child_id].sort(key=lambda e: e.entry_date)


def place_suspensions(sim: Simulation) -> None:
    rng = sim.rng
    children = sim.history.children
    propensity = rng.gamma(0.25, 4.0, size=len(children))
    phase_weight = {"primary": 0.25, "secondary": 1.0, "special": 0.6, "alternative_provision": 1.2}
    for academic_year, per_100 in sorted(sim.scenario.suspensions_per_100.items()):
        days = _term_days(sim, academic_year)
        if not days:
            continue
        first, last = days[0], days[-1]
        candidates: list[tuple[Child, Enrolment]] = []
        weights: list[float] = []
        for child in children:
            for enrolment in sim.enrolments_of(child):
                if enrolment.status == "S" or (
                    not enrolment.is_open_on(first) and not (first <= enrolment.entry_date <= last)
                ):
                    continue
                phase = sim.schools.phase_of(enrolment.school_urn)
                if phase not in phase_weight:
                    continue
                candidates.append((child, enrolment))
                weights.append(propensity[child.child_id] * phase_weight[phase])
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
                continue
            seen.add((child.child_id, day))
            lunchtime = rng.random() < 0.04
            sessions = (
                1
                if lunchtime
                else int(rng.choice([1, 2, 3, 4, 6, 10], p=[0.12, 0.38, 0.12, 0.18, 0.12, 0.08]))
            )
            category = "LNCH" if lunchtime else ("SUSP" if day >= SUSPENSION_CATEGORY_FROM else "FIXD")
            sim.history.exclusions.append(
                Exclusion(
                    child.child_id,
                    enrolment.school_urn,
                    category,
                    day,
                    sessions,
                    _exclusion_reasons(day, rng),
                )
            )
            if lunchtime:
                continue
            full_days, half_day = divmod(sessions, 2)
            if full_days:
                sim.overlay(
                    child,
                    day,
                    sim.calendar.add_school_days(day, full_days - 1),
                    "E",
                    school_urn=enrolment.school_urn,
                )
            if half_day:
                extra = sim.calendar.add_school_days(day, full_days)
                sim.overlay(child, extra, extra, "E", sessions="am", school_urn=enrolment.school_urn)


# --- Dual registration at a pupil referral unit ------------------------------


def place_dual_registrations(sim: Simulation) -> None:
    """Some secondary pupils at risk of exclusion spend two days a week at a unit."""
    units = sim.schools.by_phase.get("alternative_provision", [])
    if not units:
        return
    rng = sim.rng
    per_year = max(1, round(sim.scenario.pupils_on_roll * 0.0012))
    for academic_year in range(sim.scenario.history_start.year, sim.extract_date.year + 1):
        days = _term_days(sim, academic_year)
        if len(days) < 40:
            continue
        for _ in range(per_year):
            start = days[int(rng.integers(len(days) - 30))]
            end = sim.calendar.add_school_days(start, int(rng.integers(30, 50)))

            def accept(child: Child, start: date = start, end: date = end) -> bool:
                enrolment = sim.covering_enrolment(child, start, end)
                return enrolment is not None and sim.schools.phase_of(enrolment.school_urn) == "secondary"

            child = sim.pick_child(accept, lambda child: 1.0, "a dual registration")
            main = sim.covering_enrolment(child, start, end)
            unit = units[int(rng.integers(len(units)))]
            open_end = end if end < sim.extract_date else None
            sim.history.enrolments[child.child_id].append(
                Enrolment(
                    child.child_id,
                    unit.urn,
                    start,
                    open_end,
                    schooling.GROUND_TRANSFER if open_end else "",
                    status="S",
                )
            )
            sim.history.enrolments[child.child_id].sort(key=lambda e: (e.entry_date, e.status))
            # The main school records D on the unit's days (Tuesday and Thursday).
            sim.overlay(child, start, end, "D", school_urn=main.school_urn, weekdays=(1, 3))


# --- Education otherwise than at school ---------------------------------------


# EOTAS packages a year per pupil on roll, and the hours a package offers (often part time).
EOTAS_STARTS_PER_PUPIL = 0.0004
EOTAS_HOURS = {6: 1, 10: 2, 15: 3, 20: 2, 25: 2}


def children_with_records(history: History) -> set[int]:
    """Children any register or mark overlay already holds something for (beyond the roll)."""
    return {
        record.child_id
        for record in [*history.cases, *history.exclusions, *history.placements, *history.overlays]
    }


def place_eotas(sim: Simulation) -> None:
    """An EHC plan names education otherwise than at school: the pupil leaves the roll (written
    notice of education otherwise, 8(1)(d)) and the LA arranges a package, back on roll when it
    ends. Placed after every other event, on children no other register holds."""
    rng, calendar = sim.rng, sim.calendar
    taken = children_with_records(sim.history)
    per_year = max(1, round(sim.scenario.pupils_on_roll * EOTAS_STARTS_PER_PUPIL))
    for academic_year in range(sim.scenario.history_start.year, sim.extract_date.year + 1):
        days = _term_days(sim, academic_year)
        if len(days) < 20:
            continue
        for _ in range(per_year):
            start = days[int(rng.integers(len(days)))]
            end = calendar.on_or_before(start + timedelta(days=int(rng.integers(120, 500))))
            open_end = end if end < sim.extract_date else None
            last_on_roll = start - timedelta(days=1)

            def accept(child: Child, start: date = start, open_end: date | None = open_end) -> bool:
                last = open_end or sim.extract_date
                return (
                    not child.is_busy
                    and child.child_id not in taken
                    and child.is_csa(start, last)
                    and child.is_resident(start, last)
                    and sim.covering_enrolment(child, start - timedelta(days=1), open_end) is not None
                )

            child = sim.pick_child(
                accept, lambda child: _sen_weight(child, 0.1, 1.0), "an EOTAS package", required=False
            )
            if child is None:
                continue
            child.is_busy = True
            taken.add(child.child_id)
            back_on = calendar.on_or_after(end + timedelta(days=1)) if open_end else None
            enrolments = sim.enrolments_of(child)
            ground = schooling.GROUND_OTHERWISE_THAN_AT_SCHOOL
            schooling.take_off_roll(enrolments, last_on_roll, back_on, ground)
            sim.history.placements.append(
                Placement(
                    child.child_id,
                    "EOTAS",
                    "Education otherwise than at school package",
                    "",
                    start,
                    open_end,
                    int(weighted({str(hours): weight for hours, weight in EOTAS_HOURS.items()}, rng)),
                )
            )


# --- Social care -------------------------------------------------------------


SOCIAL_CARE = {"CIN": (0.05, 90, 540), "CP": (0.012, 180, 720), "CLA": (0.007, 180, 1500)}


def place_social_care(sim: Simulation) -> None:
    rng = sim.rng
    window_start = sim.scenario.history_start - timedelta(days=730)
    window = (sim.extract_date - window_start).days
    for child in sim.history.children:
        factor = 3.0 if child.is_busy else 1.0
        for episode_type, (chance, shortest, longest) in SOCIAL_CARE.items():
            if rng.random() >= chance * factor:
                continue
            start = max(window_start + timedelta(days=int(rng.integers(window))), child.date_of_birth)
            end = start + timedelta(days=int(rng.integers(shortest, longest)))
            if end < sim.scenario.history_start or start >= sim.extract_date:
                continue
            sim.history.social_care.append(
                SocialCareEpisode(
                    child.child_id, episode_type, start, end if end < sim.extract_date else None
                )
            )
