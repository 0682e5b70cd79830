"""The truth of the CMOE cohort, at every as-at date, in two parts.

- **Revealed**: the children the LA's records can reveal, by the committee
  report's local definition as the warehouse implements it (rpt_cmoe_cohort),
  computed here from the simulated history's records as they are extracted
  (never from the extracts or the warehouse). The warehouse must find exactly
  these, child for child and reason for reason.
- **Truly missing**: the children of compulsory school age living in the LA
  who in truth received no education for at least `cmoe_min_school_days`
  school days to the date, whatever the records say: not on a roll (or on
  one but in a run of unexplained absence), in no placement or medical
  provision, and not home educated in earnest (`unrecorded`). Some left no
  trace in any system. The share of them the records reveal is the LA's
  blind spot, which only a simulation can measure.

Dates are inclusive. School days are the LA's (term dates less weekends and
bank holidays), counted as the warehouse counts them: within the seeded
calendar, from the August before its first academic year.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import yaml

from cmoe.generator.attendance_truth import Trigger
from cmoe.generator.school_calendar import SchoolCalendar, _read
from cmoe.generator.schooling import LA_CODE
from cmoe.generator.world import Case, Child, History, academic_year_of
from cmoe.paths import PROJECT_DIR, REFERENCE_SEEDS_DIR

OPEN = date.max
PART_TIME_PLACEMENTS = {"AP", "EOTAS"}
# A child with unexplained absence marks (O) at school is not being educated there.
UNEXPLAINED_ABSENCE = "O"


def leaving_outcomes() -> dict[str, set[str]]:
    """The CME closure outcomes and EHE end reasons that say the child left the LA (the seeds'
    is_leaving_the_la)."""
    seeds = {
        "cme": ("cme_closure_outcomes", "cme_closure_outcome_code"),
        "ehe": ("ehe_end_reasons", "ehe_end_reason_code"),
    }
    return {
        case_type: {
            row[code]
            for row in _read(REFERENCE_SEEDS_DIR / f"{seed}.csv")
            if row["is_leaving_the_la"] == "true"
        }
        for case_type, (seed, code) in seeds.items()
    }


def cohort_rules() -> dict[str, int]:
    """The thresholds the warehouse's dbt vars set (dbt_project.yml): one place for both."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    names = ("cmoe_min_school_days", "ehe_assessment_days", "cme_stuck_school_days")
    return {name: int(project["vars"][name]) for name in (*names, "full_time_hours_per_week")}


@dataclass(frozen=True, order=True)
class CohortMember:
    as_at_date: date
    child_id: int
    cmoe_reason: str
    reason_start_date: date


@dataclass(frozen=True)
class TrulyMissing:
    as_at_date: date
    child_id: int
    missing_since: date
    school_days: int
    is_revealed: bool  # in the revealed cohort on the date, for any reason


class SchoolDayIndex:
    """The warehouse's running count of school days (int_calendar_dates_described)."""

    def __init__(self) -> None:
        # The generator's calendar, less the approximate school years it adds around the seed.
        calendar = SchoolCalendar.from_seeds(REFERENCE_SEEDS_DIR)
        first_term, last_term = calendar.terms[0][0], calendar.terms[-1][1]
        self.school_days = [day.astype(date) for day in calendar.between(first_term, last_term)]
        first_year = academic_year_of(first_term)
        last_year = academic_year_of(last_term)
        self.first_day, self.last_day = date(first_year, 8, 1), date(last_year + 1, 8, 31)

    def index(self, day: date) -> int | None:
        """School days on or before `day`; None outside the calendar."""
        if not self.first_day <= day <= self.last_day:
            return None
        return bisect.bisect_right(self.school_days, day)

    def between(self, first: date, last: date) -> int | None:
        """School days from first to last inclusive; None if either end is outside the calendar."""
        before, to = self.index(first - timedelta(days=1)), self.index(last)
        return None if before is None or to is None else to - before


# --- What the records reveal ---------------------------------------------------


def _is_recent(end: date | None, history_start: date) -> bool:
    """Registers hold what was open on or after the history's start (ExtractWriter._recent)."""
    return end is None or end >= history_start


@dataclass(frozen=True)
class Records:
    """The history's records as the registers hold them: what the LA can know."""

    spells: dict[int, list[tuple[date, date]]]  # child -> provision spells (end OPEN while open)
    departures: dict[int, list[date]]  # child -> days the records say the child left the LA
    cases: list[Case]
    placements: list  # world.Placement

    @classmethod
    def of(cls, history: History, history_start: date) -> Records:
        spells: dict[int, list[tuple[date, date]]] = defaultdict(list)
        departures: dict[int, list[date]] = defaultdict(list)
        for enrolment in history.all_enrolments():
            if not _is_recent(enrolment.leaving_date, history_start):
                continue
            spells[enrolment.child_id].append((enrolment.entry_date, enrolment.leaving_date or OPEN))
            if enrolment.leaving_date and enrolment.destination_la not in ("", LA_CODE):
                departures[enrolment.child_id].append(enrolment.leaving_date)
        cases = [case for case in history.cases if _is_recent(case.end, history_start)]
        leaving = leaving_outcomes()
        for case in cases:
            if case.case_type in ("ehe", "medical"):
                spells[case.child_id].append((case.start, case.end or OPEN))
            if case.end and case.outcome in leaving.get(case.case_type, ()):
                departures[case.child_id].append(case.end)
        placements = [one for one in history.placements if _is_recent(one.end, history_start)]
        for placement in placements:
            spells[placement.child_id].append((placement.start, placement.end or OPEN))
        return cls(dict(spells), dict(departures), cases, placements)


def merged(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Intervals joined where they overlap or touch (the next starts the day after)."""
    result: list[tuple[date, date]] = []
    for start, end in sorted(intervals):
        if result and (result[-1][1] == OPEN or start <= result[-1][1] + timedelta(days=1)):
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def provision_gaps(records: Records, child_id: int, current: date) -> list[tuple[date, date | None]]:
    """A child's gaps (int_provision_gaps_found): from the day after a merged spell ends to the
    day before the next begins or the day the child left the LA, whichever comes first; open
    (None) if neither has come by the current as-at date. Never before the first spell."""
    spells = merged(records.spells.get(child_id, []))
    gaps = []
    for (_, end), following in zip(spells, [*spells[1:], None], strict=False):
        if end == OPEN:
            continue
        start = end + timedelta(days=1)
        next_eve = following[0] - timedelta(days=1) if following else None
        left = [
            day
            for day in records.departures.get(child_id, [])
            if day >= end and (next_eve is None or day <= next_eve)
        ]
        first_end = min([day for day in (next_eve, min(left, default=None)) if day is not None], default=OPEN)
        if start <= first_end and start <= current:
            gaps.append((start, first_end if first_end <= current else None))
    return gaps


def revealed_cohort(
    history: History,
    history_start: date,
    dates: list[date],
    triggers: list[Trigger],
    index: SchoolDayIndex,
) -> list[CohortMember]:
    """rpt_cmoe_cohort from the records: one member per date, child and reason, from the reason's
    earliest start, for children of compulsory school age on the date."""
    rules = cohort_rules()
    records = Records.of(history, history_start)
    current = max(dates)
    found: dict[tuple[date, int, str], date] = {}
    cme_referrals: dict[int, list[date]] = defaultdict(list)
    for case in records.cases:
        if case.case_type == "cme":
            cme_referrals[case.child_id].append(case.start)

    def add(day: date, child_id: int, reason: str, since: date) -> None:
        key = (day, child_id, reason)
        found[key] = min(since, found.get(key, since))

    for child_id in records.spells:
        for start, end in provision_gaps(records, child_id, current):
            for day in dates:
                days = index.between(start, day) if start <= day <= (end or current) else None
                if days is not None and days >= rules["cmoe_min_school_days"]:
                    add(day, child_id, "no_provision", start)
    for day in dates:
        at = index.index(day) or 0
        for case in records.cases:
            if not case.is_open_on(day):
                continue
            days_open = at - (index.index(case.start) or 0)
            for reason, since in _case_reasons(case, day, days_open, rules):
                add(day, case.child_id, reason, since)
        for placement in records.placements:
            part_time = placement.hours_per_week < rules["full_time_hours_per_week"]
            if placement.placement_type in PART_TIME_PLACEMENTS and part_time and placement.is_open_on(day):
                add(day, placement.child_id, "part_time_provision", placement.start)
        for trigger in triggers:
            if trigger.trigger_code != "cme_referral" or trigger.crossing_date > day:
                continue
            referrals = cme_referrals.get(trigger.child_id, [])
            referred = any(trigger.crossing_date <= opened <= day for opened in referrals)
            days = at - (index.index(trigger.crossing_date) or 0)
            if not referred and days <= rules["cmoe_min_school_days"]:
                add(day, trigger.child_id, "cme_trigger_not_referred", trigger.crossing_date)
    children = {child.child_id: child for child in history.children}
    return sorted(
        CohortMember(day, child_id, reason, since)
        for (day, child_id, reason), since in found.items()
        if children[child_id].csa_start <= day <= children[child_id].csa_end
    )


def _case_reasons(case: Case, day: date, days_open: int, rules: dict[str, int]) -> list[tuple[str, date]]:
    """The reasons an open case gives on `day` (int_cmoe_case_reasons_listed)."""
    details = case.details
    if case.case_type == "ehe":
        assessed_on = details.get("suitability_date")
        if details.get("suitability") == "Unsuitable" and assessed_on and assessed_on <= day:
            return [("ehe_unsuitable", assessed_on)]
        if (assessed_on is None or assessed_on > day) and days_open > rules["ehe_assessment_days"]:
            return [("ehe_not_assessed", case.start)]
    if case.case_type == "rep":
        return [
            (reason, details[deadline] + timedelta(days=1))
            for reason, deadline in (("rep_past_review", "review"), ("rep_past_planned_end", "planned_end"))
            if details[deadline] < day
        ]
    if case.case_type == "cme" and days_open >= rules["cme_stuck_school_days"]:
        return [("cme_unresolved", case.start)]
    return []


# --- What truly happened ----------------------------------------------------------


def _without(intervals: list[tuple[date, date]], removed: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """The days of `intervals` outside `removed` (both merged)."""
    result = []
    for start, end in intervals:
        for cut_start, cut_end in removed:
            if cut_end < start or cut_start > end:
                continue
            if cut_start > start:
                result.append((start, cut_start - timedelta(days=1)))
            start = cut_end + timedelta(days=1) if cut_end != OPEN else OPEN
            if start > end:
                break
        if start <= end and start != OPEN:
            result.append((start, end))
    return result


def educated_days(history: History, extract_date: date) -> dict[int, list[tuple[date, date]]]:
    """Each child's days of real education: on a roll and not in a run of unexplained absence,
    in a placement or medical provision, or home educated in earnest."""
    on_roll: dict[int, list[tuple[date, date]]] = defaultdict(list)
    absent: dict[int, list[tuple[date, date]]] = defaultdict(list)
    elsewhere: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for enrolment in history.all_enrolments():
        on_roll[enrolment.child_id].append((enrolment.entry_date, enrolment.leaving_date or extract_date))
    for overlay in history.overlays:
        if overlay.code == UNEXPLAINED_ABSENCE and overlay.sessions == "both":
            absent[overlay.child_id].append((overlay.first_day, overlay.last_day or extract_date))
    for placement in history.placements:
        elsewhere[placement.child_id].append((placement.start, placement.end or extract_date))
    for case in history.cases:
        if case.case_type == "medical" or (case.case_type == "ehe" and case.details.get("is_educating")):
            elsewhere[case.child_id].append((case.start, case.end or extract_date))
    children = set(on_roll) | set(elsewhere)
    return {
        child_id: merged(
            _without(merged(on_roll.get(child_id, [])), merged(absent.get(child_id, [])))
            + elsewhere.get(child_id, [])
        )
        for child_id in children
    }


def truly_missing(
    history: History,
    extract_date: date,
    dates: list[date],
    revealed: list[CohortMember],
    index: SchoolDayIndex,
) -> list[TrulyMissing]:
    """The children truly without education on each date for `cmoe_min_school_days` school days
    or more, living in the LA and of compulsory school age; whether the records reveal them."""
    minimum = cohort_rules()["cmoe_min_school_days"]
    educated = educated_days(history, extract_date)
    in_cohort = {(member.as_at_date, member.child_id) for member in revealed}
    found = []
    for child in history.children:
        spells = educated.get(child.child_id, [])
        for day in dates:
            since = _without_education_since(child, spells, day)
            days = index.between(since, day) if since else None
            if days is not None and days >= minimum:
                found.append(
                    TrulyMissing(day, child.child_id, since, days, (day, child.child_id) in in_cohort)
                )
    return sorted(found, key=lambda row: (row.as_at_date, row.child_id))


def _without_education_since(child: Child, spells: list[tuple[date, date]], day: date) -> date | None:
    """The first day of the child's run without education that reaches `day`, counted from
    compulsory school age and arrival in the LA; None if the child is educated on the day, not
    of compulsory school age or not living in the LA."""
    if not (child.csa_start <= day <= child.csa_end and child.is_resident(day, day)):
        return None
    since = max(child.csa_start, child.resident_from or child.csa_start)
    for start, end in spells:
        if start <= day <= end:
            return None
        if end < day:
            since = max(since, end + timedelta(days=1))
    return since
