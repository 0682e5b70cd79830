"""The termly EHE and CME return's answer key, from the simulated history.

DfE's return counts, on each census date (census_dates seed) up to the extract
date, children of compulsory school age: home educated and resident in the LA on
the census day, by sex, expected year group and primary reason; home educated at
any point from 1 September to the census date, the starts by previous school
type, the returns to school, the s437(1) notices and the school attendance
orders issued and revoked; missing education on the census day, by sex, year
group, time missing and primary reason, and at any point in the year. A child
counts once in each cell. The reason is the code the register holds (a code on
no list is "Reason not known"); everything else is the history's own.

`truth/termly_return.csv` holds the cells that are not zero (and each total).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from cmoe.generator.world import Case, Child, History, academic_year_of
from cmoe.paths import REFERENCE_SEEDS_DIR

REASON_NOT_KNOWN = "Reason not known"
TWELVE_WEEKS_DAYS = 84
SEX_LABELS = {"M": "Male", "F": "Female"}


@dataclass(frozen=True)
class CensusDate:
    academic_year: str  # 2022/23
    census_term: str
    census_date: date

    @property
    def year_start(self) -> date:
        return date(academic_year_of(self.census_date), 9, 1)


def _seed(name: str) -> list[dict[str, str]]:
    with (REFERENCE_SEEDS_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def census_dates(extract_date: date) -> list[CensusDate]:
    return [
        CensusDate(row["academic_year"], row["census_term"], date.fromisoformat(row["census_date"]))
        for row in _seed("census_dates")
        if date.fromisoformat(row["census_date"]) <= extract_date
    ]


def year_group(child: Child, census: CensusDate) -> str:
    """The expected national curriculum year, from the date of birth (aged 5 on the 31 August
    before the year: Year 1)."""
    year = academic_year_of(census.census_date) - academic_year_of(child.date_of_birth) - 5
    return "Reception" if year == 0 else f"Year {year}"


def previous_school_types() -> Callable[[str], str]:
    """The return's previous school type of a URN (previous_school_types seed, by the schools seed's
    phase and type); no URN, or one outside the seed, is the seed's row of phase none."""
    types = {
        (row["phase"], row["school_type"]): row["previous_school_type"]
        for row in _seed("previous_school_types")
    }
    schools = {row["school_urn"]: (row["phase"], row["school_type"]) for row in _seed("schools")}
    return lambda urn: types.get(schools.get(urn, ("none", "none")), types[("none", "none")])


class Return:
    """The cells of the four tables, each a set of children."""

    def __init__(self) -> None:
        self.cells: dict[tuple, set[int]] = {}

    def add(
        self, table: str, census: CensusDate, measure: str, topic: str, breakdown: str, child: int
    ) -> None:
        key = (table, census.academic_year, census.census_term, census.census_date.isoformat(), measure)
        self.cells.setdefault((*key, topic, breakdown), set()).add(child)

    def add_breakdowns(
        self, table: str, census: CensusDate, measure: str, child_id: int, breakdowns: dict[str, str]
    ) -> None:
        self.add(table, census, measure, "Total", "Total", child_id)
        for topic, breakdown in breakdowns.items():
            self.add(table, census, measure, topic, breakdown, child_id)

    def rows(self) -> list[dict]:
        names = ("return_table", "academic_year", "census_term", "census_date", "measure", "breakdown_topic")
        return [
            {**dict(zip(names, key[:-1], strict=True)), "breakdown": key[-1], "child_count": len(children)}
            for key, children in sorted(self.cells.items())
        ]


def termly_return(history: History, extract_date: date) -> list[dict]:
    children = {child.child_id: child for child in history.children}
    reasons = {
        "ehe": {row["ehe_reason_code"]: row["description"] for row in _seed("ehe_reasons")},
        "cme": {row["cme_referral_reason_code"]: row["description"] for row in _seed("cme_referral_reasons")},
    }
    returns_to_school = {
        row["ehe_end_reason_code"]
        for row in _seed("ehe_end_reasons")
        if row["is_return_to_education"] == "true"
    }
    school_type = previous_school_types()

    def reason(case: Case) -> str:
        return reasons[case.case_type].get(case.details.get("recorded_reason", case.reason), REASON_NOT_KNOWN)

    table = Return()
    for census in census_dates(extract_date):
        for case_type in ("ehe", "cme"):
            cases = [case for case in history.cases if case.case_type == case_type]
            on_census_day = _latest_per_child(
                case
                for case in cases
                if case.is_open_on(census.census_date)
                and children[case.child_id].is_csa(census.census_date, census.census_date)
                and (
                    case_type == "cme"
                    or children[case.child_id].is_resident(census.census_date, census.census_date)
                )
            )
            in_year = [case for case in cases if _in_year(case, children[case.child_id], census)]
            for case in on_census_day:
                child = children[case.child_id]
                breakdowns = {"Sex": SEX_LABELS[child.sex], "Year group": year_group(child, census)}
                if case_type == "cme":
                    weeks = (census.census_date - case.start).days
                    breakdowns["Time missing education"] = (
                        "12 weeks or less" if weeks <= TWELVE_WEEKS_DAYS else "More than 12 weeks"
                    )
                breakdowns["Primary reason"] = reason(case)
                table.add_breakdowns(f"{case_type}_census", census, "", case.child_id, breakdowns)
            if case_type == "cme":
                for case in _latest_per_child(in_year):
                    child = children[case.child_id]
                    table.add_breakdowns(
                        "cme_full_year",
                        census,
                        "CME at any point",
                        case.child_id,
                        {
                            "Sex": SEX_LABELS[child.sex],
                            "Year group": year_group(child, census),
                            "Primary reason": reason(case),
                        },
                    )
                continue
            _ehe_year(table, census, in_year, returns_to_school, school_type)
    return table.rows()


def _ehe_year(
    table: Return,
    census: CensusDate,
    in_year: list[Case],
    returns_to_school: set[str],
    school_type: Callable[[str], str],
) -> None:
    def within(day: date | None) -> bool:
        return day is not None and census.year_start <= day <= census.census_date

    for case in in_year:
        table.add_breakdowns("ehe_full_year", census, "EHE at any point", case.child_id, {})
        if within(case.end) and case.outcome in returns_to_school:
            table.add_breakdowns("ehe_full_year", census, "Returned to school", case.child_id, {})
        for measure, name in (
            ("s437(1) notices issued", "s437_notice_date"),
            ("SAOs issued", "sao_issued_date"),
            ("SAOs revoked", "sao_revoked_date"),
        ):
            if within(case.details.get(name)):
                table.add_breakdowns("ehe_full_year", census, measure, case.child_id, {})
    for case in _latest_per_child(case for case in in_year if within(case.start)):
        table.add_breakdowns(
            "ehe_full_year",
            census,
            "Started EHE",
            case.child_id,
            {"Previous school type": school_type(case.school_urn)},
        )


def _in_year(case: Case, child: Child, census: CensusDate) -> bool:
    """Open on some day from 1 September to the census date on which the child was of compulsory
    school age."""
    first = max(case.start, census.year_start, child.csa_start)
    last = min(case.end or census.census_date, census.census_date, child.csa_end)
    return first <= last


def _latest_per_child(cases: Iterable[Case]) -> list[Case]:
    """A child with several cases counts once, under the case that started last."""
    latest: dict[int, Case] = {}
    for case in cases:
        if case.child_id not in latest or case.start > latest[case.child_id].start:
            latest[case.child_id] = case
    return list(latest.values())
