"""The children of interest (committee report 4.2), from the simulated history alone.

The warehouse's definitions (fct_child_interest_flag), computed again here from
what happened, never from the pipeline, for the children of compulsory school
age on each report date:

- permanently_excluded: a permanent exclusion, not rescinded, from 1 September
  to the date (the academic year to the date);
- high_suspensions: in that year, HIGH_SUSPENSION_COUNT suspensions (lunchtime
  ones included) or HIGH_SUSPENSION_DAYS days of them (sessions / 2);
- no_school_place: no school registration, placement, home education or
  medical provision open on the date, in a gap the LA can see: after a spell
  of provision its registers hold, before the child is known to have left the LA (a roll left
  for a school in another LA, a CME case closed as gone, home education ended
  by a move), within compulsory school age and holding a school day (the
  summer holiday between two schools is no gap);
- reported_cme, medically_unfit, on_rep: a CME, medical or REP case open;
- ehe_unsatisfactory: home education open and judged unsuitable by the date;
- social_worker: a CIN, CP or CLA episode open.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cmoe.generator.scenario import Scenario
from cmoe.generator.school_calendar import SchoolCalendar
from cmoe.generator.schooling import LA_CODE
from cmoe.generator.world import Child, History, academic_year_of
from cmoe.paths import REFERENCE_SEEDS_DIR

# As dbt_project.yml's vars high_suspension_count and high_suspension_days
# (tests/generator/test_children_of_interest.py keeps them equal).
HIGH_SUSPENSION_COUNT = 3
HIGH_SUSPENSION_DAYS = 15
SUSPENSION_CATEGORIES = ("FIXD", "SUSP", "LNCH")
CASE_FLAGS = {"cme": "reported_cme", "medical": "medically_unfit", "rep": "on_rep"}
FLAGS = (
    "permanently_excluded",
    "high_suspensions",
    "no_school_place",
    "reported_cme",
    "medically_unfit",
    "on_rep",
    "ehe_unsatisfactory",
    "social_worker",
)
OPEN_END = date.max


@dataclass(frozen=True)
class Gap:
    """A stretch without provision, cut to compulsory school age; end None while open."""

    child_id: int
    first_day: date
    last_day: date | None

    def is_open_on(self, day: date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


def flagged_children(
    history: History, periods: list[tuple[str, date]], scenario: Scenario
) -> dict[tuple[str, str], set[int]]:
    """{(flag, period label): children of compulsory school age with the flag on the date}."""
    gaps = provision_gaps(history, scenario, SchoolCalendar.from_seeds(REFERENCE_SEEDS_DIR))
    by_id = {child.child_id: child for child in history.children}
    flagged: dict[tuple[str, str], set[int]] = {}
    for label, day in periods:
        found = _flags_on(history, gaps, day)
        for flag in FLAGS:
            flagged[(flag, label)] = {
                child_id for child_id in found[flag] if _is_csa_on(by_id[child_id], day)
            }
    return flagged


def _is_csa_on(child: Child, day: date) -> bool:
    return child.csa_start <= day <= child.csa_end


def _flags_on(history: History, gaps: list[Gap], day: date) -> dict[str, set[int]]:
    year_start = date(academic_year_of(day), 9, 1)
    in_year = [x for x in history.exclusions if year_start <= x.start <= day and not x.is_rescinded]
    found: dict[str, set[int]] = defaultdict(set)
    found["permanently_excluded"] = {x.child_id for x in in_year if x.category == "PERM"}
    counts: dict[int, int] = defaultdict(int)
    sessions: dict[int, int] = defaultdict(int)
    for exclusion in in_year:
        if exclusion.category in SUSPENSION_CATEGORIES:
            counts[exclusion.child_id] += 1
            sessions[exclusion.child_id] += exclusion.sessions or 0
    found["high_suspensions"] = {
        child_id
        for child_id, count in counts.items()
        if count >= HIGH_SUSPENSION_COUNT or sessions[child_id] / 2 >= HIGH_SUSPENSION_DAYS
    }
    found["no_school_place"] = {gap.child_id for gap in gaps if gap.is_open_on(day)}
    for case in history.cases:
        if not case.is_open_on(day):
            continue
        if case.case_type in CASE_FLAGS:
            found[CASE_FLAGS[case.case_type]].add(case.child_id)
        elif case.case_type == "ehe" and _judged_unsuitable_by(case.details, day):
            found["ehe_unsatisfactory"].add(case.child_id)
    found["social_worker"] = {
        episode.child_id
        for episode in history.social_care
        if episode.start <= day and (episode.end is None or day <= episode.end)
    }
    return found


def _judged_unsuitable_by(details: dict, day: date) -> bool:
    assessed = details.get("suitability_date")
    return details.get("suitability") == "Unsuitable" and assessed is not None and assessed <= day


# --- Provision gaps ----------------------------------------------------------


def provision_gaps(history: History, scenario: Scenario, calendar: SchoolCalendar) -> list[Gap]:
    """Every gap between a child's merged spells of provision the LA's records can show: the
    registers hold only what was open on or after the scenario's history_start, so a spell that
    ended before it (and the roll's word that the child left) is not there to begin a gap."""
    extract_date = scenario.extract_date

    def held(end: date | None) -> bool:
        return end is None or end >= scenario.history_start

    spells = _spells(history, held)
    departures = _departures(history, held)
    children = {child.child_id: child for child in history.children}
    gaps = []
    for child_id, child_spells in spells.items():
        merged = _merged(child_spells)
        for (_, end), following in zip(merged, [*merged[1:], None], strict=True):
            if end == OPEN_END:
                continue
            first_day = end + timedelta(days=1)
            next_eve = following[0] - timedelta(days=1) if following else None
            left = [
                day for day in departures[child_id] if day >= end and (next_eve is None or day <= next_eve)
            ]
            last_day = min(next_eve or OPEN_END, min(left, default=OPEN_END))
            if first_day > last_day or first_day > extract_date:
                continue
            gap = _within_age(
                children[child_id], first_day, last_day if last_day <= extract_date else None, extract_date
            )
            if gap is not None and len(calendar.between(gap.first_day, gap.last_day or extract_date)):
                gaps.append(gap)
    return gaps


def _spells(history: History, held: Callable[[date | None], bool]) -> dict[int, list[tuple[date, date]]]:
    """Each child's spells of provision of every kind the registers hold, (start, end or OPEN_END)."""
    spells: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for enrolment in history.all_enrolments():
        if held(enrolment.leaving_date):
            spells[enrolment.child_id].append((enrolment.entry_date, enrolment.leaving_date or OPEN_END))
    for placement in history.placements:
        if held(placement.end):
            spells[placement.child_id].append((placement.start, placement.end or OPEN_END))
    for case in history.cases:
        if case.case_type in ("ehe", "medical") and held(case.end):
            spells[case.child_id].append((case.start, case.end or OPEN_END))
    return spells


def _merged(spells: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Spells that overlap or touch (the next starts the day after) made one."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spells):
        if merged and start <= merged[-1][1] + timedelta(days=1 if merged[-1][1] < OPEN_END else 0):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _departures(history: History, held: Callable[[date | None], bool]) -> dict[int, list[date]]:
    """The days each child is known to have left the LA, by the registers held."""
    cme_gone = _leaving_codes("cme_closure_outcomes.csv", "cme_closure_outcome_code")
    ehe_gone = _leaving_codes("ehe_end_reasons.csv", "ehe_end_reason_code")
    departures: dict[int, list[date]] = defaultdict(list)
    for enrolment in history.all_enrolments():
        left = enrolment.leaving_date
        if left and held(left) and enrolment.destination_la and enrolment.destination_la != LA_CODE:
            departures[enrolment.child_id].append(left)
    for case in history.cases:
        gone = {"cme": cme_gone, "ehe": ehe_gone}.get(case.case_type, set())
        if case.end is not None and held(case.end) and case.outcome in gone:
            departures[case.child_id].append(case.end)
    return departures


def _leaving_codes(seed: str, code_column: str) -> set[str]:
    with (REFERENCE_SEEDS_DIR / seed).open(newline="", encoding="utf-8") as handle:
        return {row[code_column] for row in csv.DictReader(handle) if row["is_leaving_the_la"] == "true"}


def _within_age(child: Child, first_day: date, last_day: date | None, extract_date: date) -> Gap | None:
    """The gap cut to compulsory school age (its last day still in it), or None if outside."""
    first_day = max(first_day, child.csa_start)
    if child.csa_end < (last_day or extract_date):
        last_day = child.csa_end
    if first_day > (last_day or extract_date):
        return None
    return Gap(child.child_id, first_day, last_day)
