"""The answer key: what the extracts should give, computed from the history alone.

Written beside the extracts but never read by the pipeline; the tests compare
the warehouse with it: the indicators and exclusion figures, the child behind
every written row (record_owners.csv) and the pairs of children a linker must
keep apart (twins.csv). The attendance truth (attendance_truth) is computed
from the simulated registers while the feed is written; the CMOE cohort's
(cmoe_truth: what the records reveal, and who is truly missing education)
from the history and the attendance triggers.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

from cmoe.generator.attendance_profile import MIX_LABELS, WILTSHIRE_2025_26_TOTAL
from cmoe.generator.attendance_truth import (
    AttendanceTruth,
    EnrolmentYear,
    SummaryRow,
    Trigger,
    as_record,
    summarise,
)
from cmoe.generator.cmoe_truth import (
    CohortMember,
    SchoolDayIndex,
    TrulyMissing,
    revealed_cohort,
    truly_missing,
)
from cmoe.generator.extracts import RecordOwner
from cmoe.generator.scenario import Scenario
from cmoe.generator.schooling import Schools
from cmoe.generator.world import History, academic_year_of
from cmoe.paths import REFERENCE_SEEDS_DIR

INDICATOR_CASE_TYPES = {
    "ehe_learners": "ehe",
    "open_cme": "cme",
    "rep": "rep",
    "medical_open_cases": "medical",
}
HEADCOUNT_PHASES = ("primary", "secondary", "special")


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


def indicators(history: History, scenario: Scenario) -> list[dict]:
    rows = []
    for code, case_type in INDICATOR_CASE_TYPES.items():
        cases = [case for case in history.cases if case.case_type == case_type]
        for label, day in reporting_dates(scenario):
            children = {case.child_id for case in cases if case.is_open_on(day)}
            rows.append(
                {
                    "indicator_code": code,
                    "period_label": label,
                    "as_at_date": day.isoformat(),
                    "value": len(children),
                }
            )
    return rows


def _spring_census_dates() -> dict[int, date]:
    with (REFERENCE_SEEDS_DIR / "census_dates.csv").open(newline="", encoding="utf-8") as handle:
        return {
            int(row["academic_year"][:4]): date.fromisoformat(row["census_date"])
            for row in csv.DictReader(handle)
            if row["census_term"] == "spring"
        }


def exclusion_history(history: History, scenario: Scenario, schools: Schools) -> list[dict]:
    census = _spring_census_dates()
    enrolments = [
        e
        for e in history.all_enrolments()
        if e.status != "S" and schools.phase_of(e.school_urn) in HEADCOUNT_PHASES
    ]
    rows = []
    for year in sorted(scenario.permanent_exclusions):
        census_day = census.get(year)
        headcount = None
        if census_day is not None and census_day <= scenario.extract_date:
            headcount = sum(1 for e in enrolments if e.is_open_on(census_day))
        rows.append(
            {
                "academic_year_start": year,
                "permanent_exclusions": sum(
                    1
                    for x in history.exclusions
                    if x.category == "PERM" and not x.is_rescinded and academic_year_of(x.start) == year
                ),
                "suspensions": sum(
                    1
                    for x in history.exclusions
                    if x.category in ("FIXD", "SUSP") and academic_year_of(x.start) == year
                ),
                "january_headcount": headcount,
            }
        )
    return rows


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
    _write_csv(folder / "indicators.csv", indicators(history, scenario))
    _write_csv(folder / "exclusion_history.csv", exclusion_history(history, scenario, schools))
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
    dates, index = cohort_dates(scenario), SchoolDayIndex()
    cohort = revealed_cohort(history, scenario.history_start, dates, attendance.sorted_triggers(), index)
    _write_records(folder / "cmoe_cohort.csv", CohortMember, cohort)
    missing = truly_missing(history, scenario.extract_date, dates, cohort, index)
    _write_records(folder / "cmoe_truly_missing.csv", TrulyMissing, missing)
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
