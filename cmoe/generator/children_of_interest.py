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

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cmoe.generator.cmoe_truth import Records
from cmoe.generator.cmoe_truth import provision_gaps as records_gaps
from cmoe.generator.scenario import Scenario
from cmoe.generator.school_calendar import SchoolCalendar
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
                child_id for child_id in found[flag] if by_id[child_id].is_csa(day, day)
            }
    return flagged


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
    found["social_worker"] = {episode.child_id for episode in history.social_care if episode.is_open_on(day)}
    return found


def _judged_unsuitable_by(details: dict, day: date) -> bool:
    assessed = details.get("suitability_date")
    return details.get("suitability") == "Unsuitable" and assessed is not None and assessed <= day


# --- Provision gaps ----------------------------------------------------------


def provision_gaps(history: History, scenario: Scenario, calendar: SchoolCalendar) -> list[Gap]:
    """Every gap the LA's records can show (cmoe_truth.provision_gaps), cut to compulsory school
    age and holding at least one school day (fct_provision_gap)."""
    extract_date = scenario.extract_date
    records = Records.of(history, scenario.history_start)
    children = {child.child_id: child for child in history.children}
    gaps = []
    for child_id in records.spells:
        for first_day, last_day in records_gaps(records, child_id, extract_date):
            gap = _within_age(children[child_id], first_day, last_day, extract_date)
            if gap is not None and len(calendar.between(gap.first_day, gap.last_day or extract_date)):
                gaps.append(gap)
    return gaps


def _within_age(child: Child, first_day: date, last_day: date | None, extract_date: date) -> Gap | None:
    """The gap cut to compulsory school age (its last day still in it), or None if outside."""
    first_day = max(first_day, child.csa_start)
    if child.csa_end < (last_day or extract_date):
        last_day = child.csa_end
    if first_day > (last_day or extract_date):
        return None
    return Gap(child.child_id, first_day, last_day)
