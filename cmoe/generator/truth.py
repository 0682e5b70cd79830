"""The answer key: what the extracts should give, computed from the history alone.

Written beside the extracts but never read by the pipeline; the tests compare
the warehouse with it: the indicators (the committee report's four, the CMOE
row and the children of interest) and the children behind them, the
exclusion figures, the termly EHE and CME return (termly_return_truth), the
child behind every written row (record_owners.csv) and the pairs of children
a linker must keep apart (twins.csv). The attendance truth (attendance_truth)
is computed from the simulated registers while the feed is written; the CMOE
cohort's (cmoe_truth: what the records reveal, and who is truly missing education)
from the history and the attendance triggers.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

from cmoe.generator.attendance_profile import MIX_LABELS, WILTSHIRE_2025_26_TOTAL
from cmoe.generator.attendance_summary import SummaryRow, summarise
from cmoe.generator.attendance_truth import AttendanceTruth, EnrolmentYear, Trigger
from cmoe.generator.children_of_interest import flagged_children
from cmoe.generator.cmoe_truth import (
    CohortMember,
    SchoolDayIndex,
    TrulyMissing,
    revealed_cohort,
    truly_missing,
)
from cmoe.generator.extract_files import RecordOwner
from cmoe.generator.scenario import Scenario
from cmoe.generator.schooling import Schools
from cmoe.generator.termly_return_truth import termly_return
from cmoe.generator.truth_records import as_record
from cmoe.generator.world import History, academic_year_of
from cmoe.paths import REFERENCE_SEEDS_DIR

INDICATOR_CASE_TYPES = {
    "ehe_learners": "ehe",
    "open_cme": "cme",
    "rep": "rep",
    "medical_open_cases": "medical",
}
# The schools of DfE's LA exclusion rates: state-funded primary, secondary and special.
HEADCOUNT_PHASES = ("primary", "secondary", "special")
SUSPENSION_CATEGORIES = ("FIXD", "SUSP")
CMOE_INDICATOR = "cmoe_no_provision"


def reporting_dates(scenario: Scenario) -> list[tuple[str, date]]:
    """Every end of academic year from the history's first, then the extract date ('Current')."""
    periods = []
    year = scenario.history_start.year
    while date(year + 1, 8, 31) < scenario.extract_date:
        periods.append((f"{year}-{(year + 1) % 100:02d}", date(year + 1, 8, 31)))
        year += 1
    periods.append(("Current", scenario.extract_date))
    return periods


def cohort_dates(scenario: Scenario) -> list[date]:
    """The CMOE cohort's as-at dates: the reporting dates and every week back a year from the
    extract date (the sub-groups' weekly reviews)."""
    weekly = [scenario.extract_date - timedelta(weeks=weeks) for weeks in range(1, 53)]
    return sorted({day for _, day in reporting_dates(scenario)} | set(weekly))


def indicator_members(
    history: History, scenario: Scenario, cohort: list[CohortMember]
) -> dict[tuple[str, str], set[int]]:
    """{(indicator code, period label): the children counted}: the committee report's four rows
    (a case of the type open on the date), the CMOE cohort out of provision (what the records
    reveal) and the children of interest (children_of_interest)."""
    periods = reporting_dates(scenario)
    members: dict[tuple[str, str], set[int]] = {}
    for code, case_type in INDICATOR_CASE_TYPES.items():
        cases = [case for case in history.cases if case.case_type == case_type]
        for label, day in periods:
            members[(code, label)] = {case.child_id for case in cases if case.is_open_on(day)}
    for label, day in periods:
        members[(CMOE_INDICATOR, label)] = {
            member.child_id
            for member in cohort
            if member.as_at_date == day and member.cmoe_reason == "no_provision"
        }
    members.update(flagged_children(history, periods, scenario))
    return members


def indicators(members: dict[tuple[str, str], set[int]], scenario: Scenario) -> list[dict]:
    """One row per indicator and period: how many children."""
    days = dict(reporting_dates(scenario))
    return [
        {
            "indicator_code": code,
            "period_label": label,
            "as_at_date": days[label].isoformat(),
            "value": len(children),
        }
        for (code, label), children in members.items()
    ]


def indicator_member_rows(members: dict[tuple[str, str], set[int]]) -> list[dict]:
    """The children behind each indicator value, one row each (generator child ids)."""
    return [
        {"indicator_code": code, "period_label": label, "child_id": child_id}
        for (code, label), children in members.items()
        for child_id in sorted(children)
    ]


def _spring_census_dates() -> dict[int, date]:
    with (REFERENCE_SEEDS_DIR / "census_dates.csv").open(newline="", encoding="utf-8") as handle:
        return {
            int(row["academic_year"][:4]): date.fromisoformat(row["census_date"])
            for row in csv.DictReader(handle)
            if row["census_term"] == "spring"
        }


def census_pupils(history: History, schools: Schools, census_day: date) -> dict[int, str]:
    """{child id: school phase} of the pupils on roll on a census day at a school of the headcount:
    each pupil once, at the main or sole registration (a subsidiary one does not count); a pupil
    leaving one school and joining another that day, at the school joined."""
    on_roll: dict[int, tuple[date, str]] = {}
    for enrolment in history.all_enrolments():
        phase = schools.phase_of(enrolment.school_urn)
        if enrolment.status == "S" or phase not in HEADCOUNT_PHASES or not enrolment.is_open_on(census_day):
            continue
        if enrolment.child_id not in on_roll or enrolment.entry_date > on_roll[enrolment.child_id][0]:
            on_roll[enrolment.child_id] = (enrolment.entry_date, phase)
    return {child_id: phase for child_id, (_, phase) in on_roll.items()}


def exclusion_rates(history: History, scenario: Scenario, schools: Schools) -> list[dict]:
    """Exclusions by academic year and DfE education phase (Total, then each phase of the
    headcount): exclusions at state-funded primary, secondary and special schools only (none at a
    pupil referral unit), in the excluding school's phase; the January census headcount of
    pupils, each once, in the phase of the main registration's school."""
    census = _spring_census_dates()
    counted = [
        x
        for x in history.exclusions
        if schools.phase_of(x.school_urn) in HEADCOUNT_PHASES and not x.is_rescinded
    ]
    rows = []
    for year in sorted(scenario.permanent_exclusions):
        census_day = census.get(year)
        on_roll = None
        if census_day is not None and census_day <= scenario.extract_date:
            on_roll = census_pupils(history, schools, census_day)
        in_year = [x for x in counted if academic_year_of(x.start) == year]
        for label, phases in (("Total", HEADCOUNT_PHASES), *((p.title(), (p,)) for p in HEADCOUNT_PHASES)):
            exclusions = [x for x in in_year if schools.phase_of(x.school_urn) in phases]
            suspensions = [x for x in exclusions if x.category in SUSPENSION_CATEGORIES]
            rows.append(
                {
                    "academic_year_start": year,
                    "education_phase": label,
                    "permanent_exclusions": sum(1 for x in exclusions if x.category == "PERM"),
                    "suspensions": len(suspensions),
                    "one_or_more_suspensions": len({x.child_id for x in suspensions}),
                    "january_headcount": None
                    if on_roll is None
                    else sum(1 for phase in on_roll.values() if phase in phases),
                }
            )
    return rows


def exclusion_history(rates: list[dict]) -> list[dict]:
    """The Total row of each year, with the committee table's columns."""
    columns = ("academic_year_start", "permanent_exclusions", "suspensions", "january_headcount")
    return [{column: row[column] for column in columns} for row in rates if row["education_phase"] == "Total"]


@dataclasses.dataclass(frozen=True)
class LookAlikes:
    """Two children a linker must never merge: twins (one surname, birthday and address) or
    unrelated namesakes (one full name and birthday)."""

    child_id_a: int
    child_id_b: int
    kind: str  # twins or namesakes


def look_alikes(history: History) -> list[LookAlikes]:
    pairs = []
    for child in history.children:
        for kind, other in (("twins", child.twin_of), ("namesakes", child.namesake_of)):
            if other is not None and child.child_id < other:
                pairs.append(LookAlikes(child.child_id, other, kind))
    return pairs


def last_full_year(scenario: Scenario) -> int:
    """The last academic year that ended before the extract date."""
    return academic_year_of(scenario.extract_date) - 1


def mix_line(academic_year: int, total: SummaryRow) -> str:
    """One line: the year's attendance mix (shares of possible sessions) beside the profile's."""
    profile = WILTSHIRE_2025_26_TOTAL.category_shares
    shares = "; ".join(
        f"{label} {100 * total.mix()[key]:.1f} ({100 * profile[key]:.1f})"
        for key, label in MIX_LABELS.items()
    )
    return f"attendance {academic_year}/{(academic_year + 1) % 100:02d} in % (Wiltshire 2025/26): {shares}"


def write_truth(
    folder: Path,
    history: History,
    scenario: Scenario,
    schools: Schools,
    owners: list[RecordOwner],
    attendance: AttendanceTruth,
) -> list[SummaryRow]:
    """Write the truth files; returns the attendance summary."""
    folder.mkdir(parents=True, exist_ok=True)
    dates, index = cohort_dates(scenario), SchoolDayIndex()
    cohort = revealed_cohort(history, scenario.history_start, dates, attendance.sorted_triggers(), index)
    _write_records(folder / "cmoe_cohort.csv", CohortMember, cohort)
    missing = truly_missing(history, scenario.extract_date, dates, cohort, index)
    _write_records(folder / "cmoe_truly_missing.csv", TrulyMissing, missing)
    members = indicator_members(history, scenario, cohort)
    _write_csv(folder / "indicators.csv", indicators(members, scenario))
    _write_csv(folder / "indicator_members.csv", indicator_member_rows(members))
    rates = exclusion_rates(history, scenario, schools)
    _write_csv(folder / "exclusion_rates.csv", rates)
    _write_csv(folder / "exclusion_history.csv", exclusion_history(rates))
    _write_csv(folder / "termly_return.csv", termly_return(history, scenario.extract_date))
    _write_records(folder / "twins.csv", LookAlikes, look_alikes(history))
    _write_csv(
        folder / "record_owners.csv",
        [
            {"table": o.table, "file_name": o.file_name, "line": o.line, "child_id": o.child_id}
            for o in owners
        ],
    )
    enrolment_years = attendance.sorted_enrolment_years()
    summary = summarise(enrolment_years, {urn: school.phase for urn, school in schools.by_urn.items()})
    _write_records(folder / "attendance_enrolment_years.csv", EnrolmentYear, enrolment_years)
    _write_records(folder / "attendance_triggers.csv", Trigger, attendance.sorted_triggers())
    _write_records(folder / "attendance_summary.csv", SummaryRow, summary)
    return summary


def write_summary(folder: Path, summary: dict) -> None:
    """What was generated, for the record (scenario.json)."""
    (folder / "scenario.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _write_records(path: Path, record_type: type, rows: list) -> None:
    """Dataclass rows as CSV, under a header of the record type's fields (even with no rows)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([field.name for field in dataclasses.fields(record_type)])
        writer.writerows(as_record(row) for row in rows)
