"""Run the simulation: children, their schooling, then every event, in order."""

from __future__ import annotations

import csv
import itertools
from datetime import date

import numpy as np

from cmoe import upn as upn_rules
from cmoe.generator import events, schooling
from cmoe.generator.population import make_children, register_twice
from cmoe.generator.scenario import Scenario
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.world import History, academic_year_of
from cmoe.paths import REFERENCE_SEEDS_DIR


def other_la_codes() -> list[str]:
    with (REFERENCE_SEEDS_DIR / "la_codes.csv").open(newline="", encoding="utf-8") as handle:
        return sorted(row["la_code"] for row in csv.DictReader(handle) if row["la_code"] != schooling.LA_CODE)


def simulate(
    scenario: Scenario, rng: np.random.Generator
) -> tuple[History, SchoolCalendar, schooling.Schools]:
    calendar = SchoolCalendar.from_seeds(REFERENCE_SEEDS_DIR)
    schools = schooling.Schools(REFERENCE_SEEDS_DIR, scenario.school_counts)
    other_las = other_la_codes()
    children = make_children(scenario, rng)
    enrolments = schooling.baseline_enrolments(children, schools, calendar, other_las, rng)
    schooling.allocate_upns(children, enrolments, schools, other_las, rng)
    history = History(children, enrolments)
    _close_at_extract_date(history, scenario.extract_date)
    working_days = SchoolCalendar.working_days_from_seeds(REFERENCE_SEEDS_DIR)
    sim = events.Simulation(scenario, calendar, working_days, schools, history, other_las, rng)
    events.place_events(sim)  # in the order of events.EVENT_STEPS
    _close_at_extract_date(sim.history, scenario.extract_date)
    _mark_main_registrations(sim.history, scenario.extract_date)
    _check_registrations(sim.history)
    _school_held_upns(sim.history, schools, rng)
    register_twice(sim.history, scenario.noise.registered_twice, scenario.history_start, rng)
    return sim.history, calendar, schools


def _close_at_extract_date(history: History, extract_date: date) -> None:
    """Nothing after the extract date is known: later starts vanish, later ends are open."""
    for child_id, enrolments in history.enrolments.items():
        kept = []
        for enrolment in enrolments:
            if enrolment.entry_date > extract_date:
                continue
            if enrolment.leaving_date is not None and enrolment.leaving_date > extract_date:
                enrolment.leaving_date = None
                enrolment.leaving_ground = enrolment.destination_urn = enrolment.destination_la = ""
            kept.append(enrolment)
        history.enrolments[child_id] = kept
    for record in [*history.cases, *history.placements, *history.social_care]:
        if record.end is not None and record.end > extract_date:
            record.end = None


def _mark_main_registrations(history: History, extract_date: date) -> None:
    """A pupil dual registered on the extract date is M at the main school."""
    for enrolments in history.enrolments.values():
        if any(e.status == "S" and e.is_open_on(extract_date) for e in enrolments):
            for enrolment in enrolments:
                if enrolment.status == "C" and enrolment.is_open_on(extract_date):
                    enrolment.status = "M"


def _check_registrations(history: History) -> None:
    """A child is never on two main rolls at once, and no registration ends before it starts."""
    for child_id, enrolments in history.enrolments.items():
        main = sorted((e for e in enrolments if e.status != "S"), key=lambda e: e.entry_date)
        for enrolment in enrolments:
            if enrolment.leaving_date is not None and enrolment.leaving_date < enrolment.entry_date:
                raise AssertionError(f"child {child_id}: registration ends before it starts: {enrolment}")
        for before, after in itertools.pairwise(main):
            if before.leaving_date is None or before.leaving_date >= after.entry_date:
                raise AssertionError(f"child {child_id}: overlapping registrations {before} and {after}")


def _school_held_upns(history: History, schools: schooling.Schools, rng: np.random.Generator) -> None:
    """The UPN each school holds: mostly the permanent one; some temporary or mistyped. Never
    none: a school gives a pupil whose UPN it does not yet know a temporary one (the census
    cannot be sent without)."""
    children = {child.child_id: child for child in history.children}
    serials: dict[tuple[str, int], int] = {}
    for enrolment in history.all_enrolments():
        child = children[enrolment.child_id]
        school = schools.by_urn[enrolment.school_urn]
        year = academic_year_of(enrolment.entry_date)
        key = (school.establishment_number, year)
        if child.upn is None:
            serials[key] = serials.get(key, 0) + 1
            child.upn = upn_rules.permanent_upn(schooling.LA_CODE, key[0], year, 500 + serials[key])
        draw = rng.random()
        if draw < 0.016:
            # Waiting for the common transfer file: a temporary UPN (valid check letter).
            serials[key] = serials.get(key, 0) + 1
            letter = upn_rules.CHECK_LETTERS[serials[key] % 23]
            enrolment.school_upn = upn_rules.temporary_upn(
                schooling.LA_CODE, key[0], year, serials[key] % 100, letter
            )
        elif draw < 0.018:
            enrolment.school_upn = schooling.mistyped_upn(child.upn, rng)
        else:
            enrolment.school_upn = child.upn
