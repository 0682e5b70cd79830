"""The reporting notebooks, run headless on small fake exports.

The fake exports follow the published Parquet contract exactly (column names
and Arrow types); the expected tables below are derived from those inputs,
so every assertion checks what the notebooks did with them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import jupytext
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from openpyxl import load_workbook
from workbook_checks import check_workbook, excel_text, header_row

from cmoe.notebooks import NOTEBOOKS, NotebookRunError, run_notebooks
from cmoe.paths import NOTEBOOKS_DIR, PROJECT_DIR

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SNAPSHOT_SCHEMA = pa.schema(
    [
        ("indicator_code", pa.string()),
        ("indicator_name", pa.string()),
        ("indicator_group", pa.string()),
        ("display_order", pa.int32()),
        ("period_label", pa.string()),
        ("period_type", pa.string()),
        ("as_at_date", pa.date32()),
        ("value", pa.int64()),
    ]
)
HISTORY_SCHEMA = pa.schema(
    [
        ("academic_year", pa.string()),
        ("academic_year_start", pa.int32()),
        ("permanent_exclusions", pa.int64()),
        ("suspensions", pa.int64()),
        ("january_census_date", pa.date32()),
        ("january_headcount", pa.int64()),
        ("permanent_exclusions_per_100", pa.float64()),
        ("suspensions_per_100", pa.float64()),
        ("is_complete_year", pa.bool_()),
    ]
)
BENCHMARK_SCHEMA = pa.schema(
    [
        ("academic_year", pa.string()),
        ("academic_year_start", pa.int32()),
        ("education_phase", pa.string()),
        ("measure", pa.string()),
        ("old_la_code", pa.string()),
        ("new_la_code", pa.string()),
        ("la_name", pa.string()),
        ("region_name", pa.string()),
        ("la_per_100", pa.float64()),
        ("la_marker", pa.string()),
        ("england_per_100", pa.float64()),
        ("region_per_100", pa.float64()),
        ("la_rank", pa.int32()),
        ("ranked_las", pa.int32()),
        ("quartile_band", pa.string()),
        ("source_file", pa.string()),
    ]
)
MEMBER_SCHEMA = pa.schema(
    [
        ("indicator_code", pa.string()),
        ("period_label", pa.string()),
        ("as_at_date", pa.date32()),
        ("child_id", pa.string()),
        ("case_id", pa.string()),
    ]
)

# code, name, display order: names deliberately not in alphabetical order.
INDICATORS = [
    ("ehe_learners", "Total number of EHE learners", 1),
    ("open_cme", "Open CME", 2),
    ("rep", "REP (reduced educational provision)", 3),
    ("medical_open_cases", "Medical needs open cases", 4),
]
# The rows below the report's four (group, code, name, display order): the
# second table, in display order whatever the file order.
CMOE_INDICATORS = [
    ("child_of_interest", "social_worker", "Children of interest: with a social worker", 7),
    ("cmoe", "cmoe_no_provision", "CMOE (no provision 20+ school days)", 5),
    ("child_of_interest", "permanently_excluded", "Children of interest: permanently excluded", 6),
]
# label, type, as-at date: five end-of-year periods, then the current date.
PERIODS = [
    ("2017-18", "end_of_year", dt.date(2018, 8, 31)),
    ("2018-19", "end_of_year", dt.date(2019, 8, 31)),
    ("2019-20", "end_of_year", dt.date(2020, 8, 31)),
    ("2020-21", "end_of_year", dt.date(2021, 8, 31)),
    ("2021-22", "end_of_year", dt.date(2022, 8, 31)),
    ("Current", "current", dt.date(2022, 10, 6)),
]
# value per indicator, per period (same order as PERIODS); the last three
# columns are the committee report's figures.
VALUES = {
    "ehe_learners": [512, 540, 688, 731, 811, 766],
    "open_cme": [140, 131, 97, 118, 102, 81],
    "rep": [88, 120, 160, 194, 294, 286],
    "medical_open_cases": [9, 12, 17, 14, 10, 21],
    "cmoe_no_provision": [30, 41, 52, 63, 74, 85],
    "permanently_excluded": [15, 19, 23, 2, 2, 1],
    "social_worker": [610, 620, 630, 640, 650, 660],
}
# academic year start, permanent exclusions, suspensions, headcount; the last
# year (2022/23) is incomplete on the as-at date and has no January census yet.
HISTORY = [
    (2017, 15, 1510, 66120),
    (2018, 19, 1688, 66874),
    (2019, 23, 1202, 67410),
    (2020, 2, 1105, 67893),
    (2021, 2, 1630, 68214),
    (2022, 1, 402, None),
]
COMPLETE_YEARS = [row for row in HISTORY if row[3] is not None]

EXCLUSION_COLUMNS = [
    "Academic year",
    "Permanent exclusions",
    "Suspensions",
    "January headcount",
    "Permanent exclusions per 100 pupils",
    "Suspensions per 100 pupils",
]


def academic_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def dfe_label(period_label: str) -> str:
    """A period as the notebooks show it: the snapshot's 2020-21 as DfE writes it, 2020/21."""
    return period_label.replace("-", "/") if period_label != "Current" else period_label


def write_snapshot(exports: Path) -> None:
    rows = [
        {
            "indicator_code": code,
            "indicator_name": name,
            "indicator_group": group,
            "display_order": order,
            "period_label": label,
            "period_type": kind,
            "as_at_date": as_at,
            "value": VALUES[code][index],
        }
        for index, (label, kind, as_at) in enumerate(PERIODS)
        for group, code, name, order in [
            *(("report", *indicator) for indicator in INDICATORS),
            *CMOE_INDICATORS,
        ]
    ]
    rows.reverse()  # file order must not matter: the notebook orders the rows
    pq.write_table(
        pa.Table.from_pylist(rows, schema=SNAPSHOT_SCHEMA), exports / "rpt_indicator_snapshot.parquet"
    )


def write_history(exports: Path) -> None:
    rows = []
    for start, permanent, suspensions, headcount in reversed(HISTORY):
        rows.append(
            {
                "academic_year": academic_year(start),
                "academic_year_start": start,
                "permanent_exclusions": permanent,
                "suspensions": suspensions,
                "january_census_date": dt.date(start + 1, 1, 19),
                "january_headcount": headcount,
                "permanent_exclusions_per_100": None if headcount is None else 100 * permanent / headcount,
                "suspensions_per_100": None if headcount is None else 100 * suspensions / headcount,
                "is_complete_year": headcount is not None,
            }
        )
    pq.write_table(
        pa.Table.from_pylist(rows, schema=HISTORY_SCHEMA), exports / "rpt_exclusion_history.parquet"
    )


# DfE's published years: academic year start, measure, LA rate, England, region, rank, out of, band.
BENCHMARK = [
    (2015, "permanent_exclusions_per_100", 0.01, 0.08, 0.09, 6, 148, "A"),
    (2016, "permanent_exclusions_per_100", 0.01, 0.1, 0.1, 3, 149, "A"),
    (2015, "suspensions_per_100", 3.5, 4.29, 4.52, 55, 152, "B"),
    (2016, "suspensions_per_100", 4.15, 4.76, 5.14, 66, 152, "B"),
]


def write_benchmark(exports: Path) -> None:
    rows = [
        {
            "academic_year": academic_year(start),
            "academic_year_start": start,
            "education_phase": phase,
            "measure": measure,
            "old_la_code": "865",
            "new_la_code": "E06000054",
            "la_name": "Wiltshire",
            "region_name": "South West",
            "la_per_100": rate,
            "la_marker": None,
            "england_per_100": england,
            "region_per_100": region,
            "la_rank": rank,
            "ranked_las": out_of,
            "quartile_band": band,
            "source_file": "exclusions.csv",
        }
        for start, measure, rate, england, region, rank, out_of, band in reversed(BENCHMARK)
        # A phase and a measure the timeline does not show.
        for phase in ("Total", "Primary")
    ] + [{**dict.fromkeys(BENCHMARK_SCHEMA.names), "academic_year": "2016/17", "academic_year_start": 2016,
          "education_phase": "Total", "measure": "one_or_more_suspensions_per_100",
          "la_per_100": 2.11}]  # fmt: skip
    pq.write_table(
        pa.Table.from_pylist(rows, schema=BENCHMARK_SCHEMA), exports / "rpt_exclusion_benchmark.parquet"
    )


def write_members(exports: Path) -> None:
    rows = [
        {
            "indicator_code": "open_cme",
            "period_label": "Current",
            "as_at_date": dt.date(2022, 10, 6),
            "child_id": f"C{n:06d}",
            "case_id": f"CME{n:05d}",
        }
        for n in range(81)
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=MEMBER_SCHEMA), exports / "rpt_indicator_member.parquet")


QUALITY_SUMMARY = [
    # source_table, rule_code, rule_name, severity, action, issue_count, column_names
    ("pupil_roll", "temporary_upn", "Temporary UPN", "info", "flagged", 1128, "upn"),
    ("exclusions", "duplicate_row", "Duplicate row", "warning", "held_back", 5, None),
    ("cme_referrals", "duplicate_key", "Duplicate reference", "warning", "flagged", 2, "ReferralId"),
    ("cme_referrals", "missing_value", "Missing value", "warning", "flagged", 3, "DOB, Forename"),
]
RECONCILIATION = [
    # source_file, raw_rows, used_rows, held_back_rows, held_back_rules
    ("pupil_roll_20221006.csv", 7708, 7708, 0, None),
    ("exclusions_20221006.csv", 696, 691, 5, "duplicate_row: 5"),
    ("ehe_register_20221006.csv", 145, 145, 0, None),
]


def write_quality(exports: Path) -> None:
    summary = [
        {
            "source_table": table,
            "rule_code": rule,
            "rule_name": name,
            "severity": severity,
            "action": action,
            "detected_by": "dbt",
            "issue_count": count,
            "file_count": 1,
            "column_names": columns,
        }
        for table, rule, name, severity, action, count, columns in QUALITY_SUMMARY
    ]
    pq.write_table(pa.Table.from_pylist(summary), exports / "rpt_data_quality_summary.parquet")
    files = [
        {
            "source_file": file,
            "source_system": "school_census",
            "source_table": file.split("_2022")[0],
            "extract_date": dt.date(2022, 10, 6),
            "raw_rows": raw,
            "staged_rows": raw,
            "used_rows": used,
            "held_back_rows": held,
            "held_back_rules": rules,
            "is_reconciled": raw == used + held,
        }
        for file, raw, used, held, rules in RECONCILIATION
    ]
    pq.write_table(pa.Table.from_pylist(files), exports / "rpt_extract_reconciliation.parquet")


IDENTITY_LINKS = [
    # source_table, link_stage, record_count, child_count, source_groups_for_review
    ("pupil_roll", "permanent_upn", 7000, 5200, 0),
    ("pupil_roll", "single_record", 40, 40, 0),
    ("ehe_register", "education_person_id", 120, 110, 2),
    ("ehe_register", "exact_name_and_birth_date", 20, 20, 2),
    ("ehe_register", "scored", 5, 5, 2),
]


def write_identity_links(exports: Path) -> None:
    rows = [
        {
            "source_table": table,
            "link_stage": stage,
            "record_count": records,
            "child_count": children,
            "source_groups_for_review": review,
        }
        for table, stage, records, children, review in IDENTITY_LINKS
    ]
    pq.write_table(pa.Table.from_pylist(rows), exports / "rpt_identity_link_summary.parquet")


TRIGGERS = [
    # trigger_code, child_id, school_name, run_start_date, crossing_date, cme_referral_date
    ("cme_checklist", "CH01", "Abbey Primary", dt.date(2022, 9, 26), dt.date(2022, 9, 30), None),
    (
        "cme_referral",
        "CH01",
        "Abbey Primary",
        dt.date(2022, 9, 19),
        dt.date(2022, 9, 30),
        dt.date(2022, 10, 3),
    ),
    ("deletion_run", "CH02", "Brook Secondary", dt.date(2022, 9, 5), dt.date(2022, 9, 30), None),
    ("illness_return", "CH03", "Abbey Primary", None, dt.date(2022, 9, 27), None),
    ("cme_checklist", "CH04", "Brook Secondary", dt.date(2022, 9, 19), dt.date(2022, 9, 23), None),
]


def write_triggers(exports: Path) -> None:
    rows = [
        {
            "attendance_trigger_id": f"{code}|roll.csv:{n}|{crossing}",
            "trigger_code": code,
            "trigger_name": code.replace("_", " ").capitalize(),
            "child_id": child,
            "enrolment_id": f"roll.csv:{n}",
            "school_urn": f"90000{n}",
            "school_name": school,
            "run_start_date": start,
            "crossing_date": crossing,
            "referral_due_date": None if code == "illness_return" else crossing + dt.timedelta(days=14),
            "cme_referral_date": referral,
            "has_cme_referral_in_time": None if code == "illness_return" else referral is not None,
        }
        for n, (code, child, school, start, crossing, referral) in enumerate(TRIGGERS)
    ]
    pq.write_table(pa.Table.from_pylist(rows), exports / "rpt_attendance_trigger.parquet")


CASE_LIST_SCHEMA = pa.schema(
    [
        ("case_list_entry_id", pa.string()),
        ("period_label", pa.string()),
        ("period_type", pa.string()),
        ("as_at_date", pa.date32()),
        ("child_id", pa.string()),
        ("priority_code", pa.string()),
        ("priority_name", pa.string()),
        ("priority_short_name", pa.string()),
        ("priority_order", pa.int32()),
        ("cmoe_reasons", pa.string()),
        ("reason_count", pa.int32()),
        ("since_date", pa.date32()),
        ("school_days_stuck", pa.int32()),
        ("open_case_count", pa.int32()),
        ("open_cases", pa.string()),
        ("open_case_owners", pa.string()),
        ("has_social_worker", pa.bool_()),
        ("last_event_date", pa.date32()),
        ("last_event", pa.string()),
        ("last_event_source", pa.string()),
    ]
)
CASE_LISTS_SCHEMA = pa.schema(
    [
        ("case_list_id", pa.string()),
        ("period_label", pa.string()),
        ("period_type", pa.string()),
        ("as_at_date", pa.date32()),
        ("priority_code", pa.string()),
        ("priority_name", pa.string()),
        ("priority_short_name", pa.string()),
        ("priority_order", pa.int32()),
    ]
)
COHORT_SCHEMA = pa.schema(
    [
        ("cmoe_cohort_member_id", pa.string()),
        ("period_label", pa.string()),
        ("period_type", pa.string()),
        ("as_at_date", pa.date32()),
        ("child_id", pa.string()),
        ("cmoe_reason", pa.string()),
        ("reason_start_date", pa.date32()),
        ("school_days", pa.int32()),
    ]
)
# code, name, short name, order: the committee report's five priorities.
PRIORITIES = {
    "reduced_timetables": ("Reduced Educational Provision", "REP", 1),
    "exclusions": ("Exclusions", "Exclusions", 2),
    "cme_and_ehe": ("CME and Elective Home Education", "CME and EHE", 3),
    "social_worker": ("Children with a Social Worker", "Social worker", 4),
    "eotas": ("Education Other Than At School (EOTAS)", "EOTAS", 5),
}
CURRENT_DAY, WEEK_BEFORE, YEAR_END = dt.date(2022, 10, 6), dt.date(2022, 9, 29), dt.date(2022, 8, 31)
PERIOD_OF = {
    CURRENT_DAY: ("Current", "current"),
    WEEK_BEFORE: ("2022-09-29", "weekly"),
    YEAR_END: ("2021-22", "end_of_year"),
}
# as-at date, child, priority, reason, since: C1 stays, C2 and C5 are new and
# C3 joins the social worker list; C4 and C6 have left the lists since the
# week before; the year end has no list the week before it.
CASE_LIST = [
    (CURRENT_DAY, "C1", "reduced_timetables", "rep_past_review", dt.date(2022, 7, 1)),
    (CURRENT_DAY, "C2", "cme_and_ehe", "no_provision", dt.date(2022, 9, 8)),
    (CURRENT_DAY, "C3", "cme_and_ehe", "ehe_unsuitable", dt.date(2022, 3, 1)),
    (CURRENT_DAY, "C3", "social_worker", "ehe_unsuitable", dt.date(2022, 3, 1)),
    (CURRENT_DAY, "C5", "eotas", "part_time_provision", dt.date(2022, 9, 5)),
    (WEEK_BEFORE, "C1", "reduced_timetables", "rep_past_review", dt.date(2022, 7, 1)),
    (WEEK_BEFORE, "C3", "cme_and_ehe", "ehe_unsuitable", dt.date(2022, 3, 1)),
    (WEEK_BEFORE, "C4", "exclusions", "no_provision", dt.date(2022, 6, 1)),
    (WEEK_BEFORE, "C6", "cme_and_ehe", "cme_unresolved", dt.date(2022, 5, 3)),
    (YEAR_END, "C4", "exclusions", "no_provision", dt.date(2022, 6, 1)),
    (YEAR_END, "C7", "eotas", "part_time_provision", dt.date(2022, 1, 10)),
]


def write_case_list(exports: Path) -> None:
    rows = []
    for day, child, code, reason, since in CASE_LIST:
        name, short, order = PRIORITIES[code]
        label, kind = PERIOD_OF[day]
        rows.append(
            {
                "case_list_entry_id": f"{label}|{child}|{code}",
                "period_label": label,
                "period_type": kind,
                "as_at_date": day,
                "child_id": child,
                "priority_code": code,
                "priority_name": name,
                "priority_short_name": short,
                "priority_order": order,
                "cmoe_reasons": reason,
                "reason_count": 1,
                "since_date": since,
                "school_days_stuck": 10,
                "open_case_count": 1 if code == "social_worker" else 0,
                "open_cases": "Social care: CIN-sc:2" if code == "social_worker" else None,
                "open_case_owners": "Social care" if code == "social_worker" else None,
                "has_social_worker": code == "social_worker",
                "last_event_date": since,
                "last_event": "school_leaving",
                "last_event_source": "pupil_roll",
            }
        )
    pq.write_table(
        pa.Table.from_pylist(rows, schema=CASE_LIST_SCHEMA), exports / "rpt_cmoe_case_list.parquet"
    )
    cohort = {(day, child, reason, since) for day, child, _, reason, since in CASE_LIST}
    # Weeks back to 7 October 2021 for the chart, and a year end before it.
    cohort |= {
        (CURRENT_DAY - dt.timedelta(days=7 * week), "C1", "rep_past_review", None) for week in range(2, 53)
    }
    cohort.add((dt.date(2021, 8, 31), "C8", "no_provision", None))
    members = [
        {
            "cmoe_cohort_member_id": f"{day}|{child}|{reason}",
            "period_label": PERIOD_OF.get(day, (day.isoformat(), "weekly"))[0],
            "period_type": PERIOD_OF.get(
                day, (day.isoformat(), "end_of_year" if day.month == 8 else "weekly")
            )[1],
            "as_at_date": day,
            "child_id": child,
            "cmoe_reason": reason,
            "reason_start_date": since,
            "school_days": None,
        }
        for day, child, reason, since in sorted(cohort, key=str)
    ]
    pq.write_table(pa.Table.from_pylist(members, schema=COHORT_SCHEMA), exports / "rpt_cmoe_cohort.parquet")
    # Every date built, with each priority's list: the weeks, the current date, two year ends.
    built = {
        (CURRENT_DAY - dt.timedelta(days=7 * week), "weekly" if week else "current") for week in range(53)
    }
    built |= {(dt.date(2021, 8, 31), "end_of_year"), (YEAR_END, "end_of_year")}
    lists = [
        {
            "case_list_id": f"{day}|{code}",
            "period_label": PERIOD_OF.get(day, (day.isoformat(), kind))[0],
            "period_type": kind,
            "as_at_date": day,
            "priority_code": code,
            "priority_name": name,
            "priority_short_name": short,
            "priority_order": order,
        }
        for day, kind in sorted(built)
        for code, (name, short, order) in PRIORITIES.items()
    ]
    pq.write_table(
        pa.Table.from_pylist(lists, schema=CASE_LISTS_SCHEMA), exports / "rpt_cmoe_case_lists.parquet"
    )


RETURN_COLUMNS = [
    ("academic_year", pa.string()),
    ("census_term", pa.string()),
    ("census_date", pa.date32()),
    ("measure", pa.string()),
    ("breakdown_topic", pa.string()),
    ("breakdown", pa.string()),
    ("breakdown_order", pa.int32()),
    ("child_count", pa.int64()),
]
# Two censuses; per table, (measure, topic, breakdown, order): counts in summer 2022, autumn 2022.
CENSUSES = [("2021/22", "summer", dt.date(2022, 5, 19)), ("2022/23", "autumn", dt.date(2022, 10, 6))]
RETURN_CELLS = {
    "ehe_census": [
        ("", "Total", "Total", 0, (47, 46)),
        ("", "Sex", "Male", 1, (20, 25)),
        ("", "Sex", "Female", 2, (27, 21)),
    ],
    "ehe_full_year": [
        ("EHE at any point", "Total", "Total", 0, (67, 53)),
        ("Started EHE", "Total", "Total", 0, (23, 4)),
        ("Started EHE", "Previous school type", "Academy or free school", 1, (13, 4)),
        ("Started EHE", "Previous school type", "LA maintained school", 2, (10, 0)),
    ],
    "cme_census": [
        ("", "Total", "Total", 0, (7, 5)),
        ("", "Time missing education", "12 weeks or less", 1, (4, 5)),
        ("", "Time missing education", "More than 12 weeks", 2, (3, 0)),
    ],
    "cme_full_year": [("CME at any point", "Total", "Total", 0, (31, 10))],
}
PUBLICATION_SCHEMA = pa.schema(
    [
        *(
            (name, pa.string())
            for name in ("time_period", "time_identifier", "geographic_level", "country_code")
        ),
        *((name, pa.string()) for name in ("country_name", "region_code", "region_name", "old_la_code")),
        ("new_la_code", pa.string()),
        ("la_name", pa.string()),
        ("return_table", pa.string()),
        *((name, kind) for name, kind in RETURN_COLUMNS if name != "child_count"),
        ("child_count", pa.string()),
    ]
)


def write_termly_return(exports: Path) -> None:
    """The four raw tables and the publication (every count shown as its tens, for the test)."""
    published = []
    for table, cells in RETURN_CELLS.items():
        names = [name for name, _ in RETURN_COLUMNS if table.endswith("full_year") or name != "measure"]
        schema = pa.schema([column for column in RETURN_COLUMNS if column[0] in names])
        rows = []
        for term, (year, census_term, day) in enumerate(CENSUSES):
            for measure, topic, breakdown, order, counts in cells:
                row = {"academic_year": year, "census_term": census_term, "census_date": day}
                row |= {"measure": measure, "breakdown_topic": topic}
                row |= {"breakdown": breakdown, "breakdown_order": order, "child_count": counts[term]}
                rows.append({name: row[name] for name in names})
                published.append(
                    {
                        **row,
                        "measure": measure or table.upper()[:3] + " on census day",
                        "return_table": table,
                        "child_count": str(round(counts[term], -1)),
                        "time_period": "202223" if term else "202122",
                    }
                )
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), exports / f"rpt_{table}_return.parquet")
    pq.write_table(
        pa.Table.from_pylist(published, schema=PUBLICATION_SCHEMA),
        exports / "rpt_termly_return_publication.parquet",
    )


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("warehouse") / "exports"
    folder.mkdir()
    write_snapshot(folder)
    write_history(folder)
    write_benchmark(folder)
    write_members(folder)
    write_quality(folder)
    write_identity_links(folder)
    write_triggers(folder)
    write_case_list(folder)
    write_termly_return(folder)
    return folder


def public_models() -> set[str]:
    """The models whose YAML puts them in the public tier (`config: meta: tier: public`)."""
    names = set()
    for path in (PROJECT_DIR / "models").rglob("_*__models.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
            if ((model.get("config") or {}).get("meta") or {}).get("tier") == "public":
                names.add(model["name"])
    return names


@pytest.fixture(scope="module")
def default_run(exports: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """Every notebook with its default parameters, each given its tier's exports only (the public
    folder holds the public tier's tables, the restricted one all); output_dir does not exist yet."""
    public = tmp_path_factory.mktemp("public") / "exports"
    public.mkdir()
    for path in exports.glob("*.parquet"):
        if path.stem in public_models():
            shutil.copyfile(path, public / path.name)
    outputs = tmp_path_factory.mktemp("run") / "outputs"
    executed = run_notebooks({"public": public, "restricted": exports}, outputs)
    return outputs, executed


def expected_indicator_table(labels: list[str], indicators=INDICATORS) -> pd.DataFrame:
    columns = [label for label, _, _ in PERIODS]
    rows = [
        [name, *(VALUES[code][columns.index(label)] for label in labels)]
        for code, name, _ in sorted(indicators, key=lambda indicator: indicator[2])
    ]
    return pd.DataFrame(rows, columns=["EoY Indicator", *map(dfe_label, labels)])


def expected_cmoe_table(labels: list[str]) -> pd.DataFrame:
    return expected_indicator_table(labels, [indicator[1:] for indicator in CMOE_INDICATORS])


def expected_exclusion_rows(years: list[int]) -> list[list]:
    rows = []
    for start, permanent, suspensions, headcount in HISTORY:
        if start in years:
            rows.append(
                [
                    academic_year(start),
                    permanent,
                    suspensions,
                    headcount,
                    100 * permanent / headcount,
                    100 * suspensions / headcount,
                ]
            )
    return rows


def assert_png(path: Path) -> None:
    assert path.is_file(), path
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
    assert len(data) > 10_000, f"{path} is suspiciously small ({len(data)} bytes)"


def test_run_returns_the_executed_notebooks(default_run: tuple[Path, list[Path]]) -> None:
    outputs, executed = default_run
    assert executed == [outputs / "notebooks" / f"{name}.ipynb" for name in NOTEBOOKS]
    for path in executed:
        notebook = jupytext.read(path)
        code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code_cells and all(cell.get("execution_count") for cell in code_cells), path
        injected = [cell for cell in notebook.cells if "injected-parameters" in cell.metadata.get("tags", [])]
        assert len(injected) == 1 and str(outputs) in injected[0].source


def test_indicator_table_csv(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    table = pd.read_csv(outputs / "indicator_table.csv")
    expected = expected_indicator_table(["2020-21", "2021-22", "Current"])
    assert list(table.columns) == ["EoY Indicator", "2020/21", "2021/22", "Current"]
    assert table.to_dict("list") == expected.to_dict("list")
    # The committee report's table, as the fake inputs were built to give.
    assert table.iloc[:, 1:].to_numpy().tolist() == [
        [731, 811, 766],
        [118, 102, 81],
        [194, 294, 286],
        [14, 10, 21],
    ]
    assert all(str(dtype) == "int64" for dtype in table.dtypes.iloc[1:])


def test_cmoe_and_children_of_interest_table_csv(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    table = pd.read_csv(outputs / "indicator_table_cmoe.csv")
    expected = expected_cmoe_table(["2020-21", "2021-22", "Current"])
    assert table.to_dict("list") == expected.to_dict("list")
    assert table["EoY Indicator"].tolist()[0] == "CMOE (no provision 20+ school days)"


def table_rows(sheet) -> list[list]:
    """A sheet's rows from its header down (the title, LA, as-at and source lines are above it)."""
    return [list(row) for row in sheet.iter_rows(min_row=header_row(sheet), values_only=True)]


def test_indicator_table_xlsx(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    path = outputs / "indicator_table.xlsx"
    check_workbook(path, "Wiltshire")
    sheets = load_workbook(path).worksheets
    assert [sheet.title for sheet in sheets] == ["Indicator table", "CMOE and children of interest", "Notes"]
    second = table_rows(sheets[1])
    assert second[1:4] == expected_cmoe_table(["2020-21", "2021-22", "Current"]).to_numpy().tolist()
    rows = table_rows(sheets[0])
    expected = expected_indicator_table(["2020-21", "2021-22", "Current"])
    assert rows[0] == ["EoY Indicator", "2020/21", "2021/22", "Current"]
    assert rows[1:5] == expected.to_numpy().tolist()
    assert all(isinstance(value, int) for row in rows[1:5] for value in row[1:])
    assert excel_text(rows[1][2], sheets[0]["C7"].number_format) == "811"
    notes = [row[0] for row in rows[5:] if row[0]]
    assert len(notes) == 1
    for date_text in ("2020/21 = 31 August 2021", "2021/22 = 31 August 2022", "Current = 6 October 2022"):
        assert date_text in notes[0]
    assert sheets[0]["A3"].value.startswith("As at 6 October 2022")
    assert "2019-20" not in str(rows) and "2019/20" not in str(rows)


def test_indicator_table_chart_and_caption(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    assert_png(outputs / "indicator_table.png")
    notebook = jupytext.read(outputs / "notebooks" / "indicator_table.ipynb")
    shown = "".join(
        str(output.get("data", {}).get("text/markdown", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )
    assert "Current = 6 October 2022" in shown and "2020/21 = 31 August 2021" in shown


def test_exclusion_history_csv(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    table = pd.read_csv(outputs / "exclusion_history.csv")
    assert list(table.columns) == EXCLUSION_COLUMNS
    expected = expected_exclusion_rows([2017, 2018, 2019, 2020, 2021])
    assert table["Academic year"].tolist() == ["2017/18", "2018/19", "2019/20", "2020/21", "2021/22"]
    assert table["Permanent exclusions"].tolist() == [15, 19, 23, 2, 2]
    for row, want in zip(table.itertuples(index=False), expected, strict=True):
        assert list(row)[:4] == want[:4]
        for got, rate in zip(list(row)[4:], want[4:], strict=True):
            assert got == pytest.approx(rate, abs=5.1e-5)
            assert got == round(got, 4)
    # Rates to 4 decimals, not more: at least one input rate has more digits.
    assert any(round(value, 4) != value for row in expected for value in row[4:])


def test_exclusion_history_xlsx_and_chart(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    path = outputs / "exclusion_history.xlsx"
    check_workbook(path, "Wiltshire")
    sheets = load_workbook(path).worksheets
    assert [sheet.title for sheet in sheets] == ["Exclusion history", "Notes"]
    sheet = sheets[0]
    assert sheet["A3"].value == (
        "As at 6 October 2022 (the exclusions extract); complete academic years 2017/18 to 2021/22"
    )
    rows = table_rows(sheet)
    assert rows[0] == EXCLUSION_COLUMNS
    expected = expected_exclusion_rows([2017, 2018, 2019, 2020, 2021])
    assert len(rows) == 1 + len(expected)
    for got, want in zip(rows[1:], expected, strict=True):
        assert got[:4] == want[:4]
        assert got[4:] == pytest.approx(want[4:], abs=5.1e-5)
    # DfE's 2 decimals, but two exclusions among 68,000 pupils (0.0029 per 100) do not read as none.
    shown = [excel_text(cell.value, cell.number_format) for cell in sheet["E"][6:11]]
    assert shown == ["0.02", "0.03", "0.03", "0.0029", "0.0029"]
    assert [excel_text(cell.value, cell.number_format) for cell in sheet["C"][6:8]] == ["1,510", "1,688"]
    assert_png(outputs / "exclusion_history.png")


def test_exclusion_timeline_sets_the_published_years_beside_the_warehouse_years(
    default_run: tuple[Path, list[Path]],
) -> None:
    outputs, _ = default_run
    timeline = pd.read_csv(outputs / "exclusion_timeline.csv")
    assert list(timeline.columns) == [
        "Academic year", "Measure", "Source", "Wiltshire", "England", "South West",
        "Rank (1 = lowest)", "Out of", "Quartile band",
    ]  # fmt: skip
    published = timeline[timeline["Source"] == "DfE published"]
    labels = {
        "permanent_exclusions_per_100": EXCLUSION_COLUMNS[4],
        "suspensions_per_100": EXCLUSION_COLUMNS[5],
    }
    expected = sorted(
        (labels[measure], academic_year(start), rate, england, region, rank, out_of, band)
        for start, measure, rate, england, region, rank, out_of, band in BENCHMARK
    )
    got = published[["Measure", "Academic year", "Wiltshire", "England", "South West"]]
    got = got.assign(
        rank=published["Rank (1 = lowest)"], of=published["Out of"], band=published["Quartile band"]
    )
    assert sorted(map(tuple, got.itertuples(index=False))) == expected
    own = timeline[timeline["Source"] == "Warehouse"]
    permanent = own[own["Measure"] == EXCLUSION_COLUMNS[4]]
    assert permanent["Academic year"].tolist() == [academic_year(row[0]) for row in COMPLETE_YEARS]
    want = [round(100 * row[1] / row[3], 4) for row in COMPLETE_YEARS]
    assert permanent["Wiltshire"].tolist() == pytest.approx(want, abs=1e-9)
    assert own["Quartile band"].isna().all()
    assert_png(outputs / "exclusion_timeline.png")


def test_exclusion_history_with_a_row_per_phase_uses_the_total_rows(exports: Path, tmp_path: Path) -> None:
    """The history as it will be: a row per education_phase, and no academic_year_start column."""
    phased = tmp_path / "exports"
    shutil.copytree(exports, phased)
    history = pq.read_table(exports / "rpt_exclusion_history.parquet").to_pandas()
    primary = history.assign(education_phase="Primary", permanent_exclusions=0, suspensions=0)
    both = pd.concat([history.assign(education_phase="Total"), primary]).drop(columns="academic_year_start")
    both.to_parquet(phased / "rpt_exclusion_history.parquet", index=False)
    run_notebooks(phased, tmp_path / "outputs", {"exclusion_history": {"first_academic_year": 2018}})
    table = pd.read_csv(tmp_path / "outputs" / "exclusion_history.csv")
    assert table["Suspensions"].tolist() == [row[2] for row in COMPLETE_YEARS if row[0] >= 2018]


def test_attendance_triggers_list_the_latest_day_and_its_week(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    day = pd.read_csv(outputs / "attendance_triggers_day.csv")
    week = pd.read_csv(outputs / "attendance_triggers_week.csv")
    # With no as-at date given, the day is the latest crossing (30 September 2022).
    assert set(day["Crossed on"]) == {"2022-09-30"}
    assert sorted(day["Child"]) == ["CH01", "CH01", "CH02"]
    # The week is the 7 days to it: the crossing on 23 September is a day too early.
    assert sorted(week["Child"]) == ["CH01", "CH01", "CH02", "CH03"]
    referral = week[week["Trigger"] == "Cme referral"]
    assert list(referral["CME referral made"]) == ["2022-10-03"]
    for name in ("day", "week"):
        assert (outputs / f"attendance_triggers_{name}.xlsx").stat().st_size > 0


def test_attendance_triggers_for_a_chosen_day(exports: Path, tmp_path: Path) -> None:
    run_notebooks(exports, tmp_path, {"attendance_triggers": {"as_at_date": "2022-09-23"}})
    day = pd.read_csv(tmp_path / "attendance_triggers_day.csv")
    week = pd.read_csv(tmp_path / "attendance_triggers_week.csv")
    assert list(day["Child"]) == ["CH04"] and list(week["Child"]) == ["CH04"]


def test_parameters_choose_periods_and_years(exports: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    run_notebooks(
        exports,
        outputs,
        {
            "indicator_table": {"end_of_year_periods": 3},
            "exclusion_history": {"first_academic_year": 2018, "last_academic_year": 2020},
        },
    )
    indicators = pd.read_csv(outputs / "indicator_table.csv")
    labels = ["2019-20", "2020-21", "2021-22", "Current"]
    assert indicators.to_dict("list") == expected_indicator_table(labels).to_dict("list")
    assert list(indicators.columns)[1:] == ["2019/20", "2020/21", "2021/22", "Current"]
    exclusions = pd.read_csv(outputs / "exclusion_history.csv")
    assert exclusions["Academic year"].tolist() == ["2018/19", "2019/20", "2020/21"]
    assert exclusions["Suspensions"].tolist() == [1688, 1202, 1105]


def test_an_incomplete_year_asked_for_fails(exports: Path, tmp_path: Path) -> None:
    with pytest.raises(NotebookRunError, match=r"'exclusion_history'.*\[2022\]"):
        run_notebooks(exports, tmp_path / "outputs", {"exclusion_history": {"last_academic_year": 2022}})


def test_missing_exports_folder_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_exports"
    with pytest.raises(NotebookRunError) as raised:
        run_notebooks(missing, tmp_path / "outputs")
    message = str(raised.value)
    assert "indicator_table" in message
    assert str(missing) in message
    assert (tmp_path / "outputs" / "notebooks" / "indicator_table.ipynb").is_file()


def test_missing_file_names_the_notebook_and_file(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    write_snapshot(exports)
    with pytest.raises(NotebookRunError) as raised:
        run_notebooks(exports, tmp_path / "outputs")
    message = str(raised.value)
    assert "exclusion_history" in message
    assert str(exports / "rpt_exclusion_history.parquet") in message
    # The first notebook had what it needed and ran.
    assert (tmp_path / "outputs" / "indicator_table.csv").is_file()


def test_unknown_notebook_parameters_are_refused(exports: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown notebooks"):
        run_notebooks(exports, tmp_path / "outputs", {"indicator_tabel": {"end_of_year_periods": 3}})


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_ipynb_is_in_sync_with_py(name: str) -> None:
    ipynb = jupytext.read(NOTEBOOKS_DIR / f"{name}.ipynb")
    script = jupytext.read(NOTEBOOKS_DIR / f"{name}.py", fmt="py:percent")

    def cells(notebook) -> list[tuple[str, str, list[str]]]:
        return [(cell.cell_type, cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells]

    assert len(ipynb.cells) >= 5
    assert cells(ipynb) == cells(script)
    assert sum("parameters" in tags for _, _, tags in cells(ipynb)) == 1
    assert ipynb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert ipynb.metadata["kernelspec"]["name"] == "python3"
    code_cells = [cell for cell in ipynb.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code_cells), (
        "commit without outputs"
    )


def test_data_quality_page_accounts_for_every_file_and_compares_runs(exports: Path, tmp_path: Path) -> None:
    history = tmp_path / "dq_history.csv"
    history.write_text(
        "published_at,source_table,rule_code,issue_count\n"
        "20221001T000000,pupil_roll,temporary_upn,100\n"
        "20221001T000000,exclusions,duplicate_row,5\n"
        "20221006T000000,pupil_roll,temporary_upn,1128\n"
        "20221006T000000,exclusions,duplicate_row,5\n"
        "20221006T000000,cme_referrals,duplicate_key,2\n"
    )
    warnings = tmp_path / "file_warnings.csv"
    warnings.write_text(
        "found_by,warning\n"
        'landing,"ews/cme_referrals_20221006.csv: line 1: delimiter: semicolon-delimited, read as such"\n'
    )
    outputs = tmp_path / "outputs"
    docs = outputs / "data_docs" / "index.html"  # as cmoe notebooks copies them beside the page
    docs.parent.mkdir(parents=True)
    docs.write_text("<html></html>")
    parameters = {"history_file": str(history), "warnings_file": str(warnings), "data_docs_index": str(docs)}
    run_notebooks(exports, outputs, {"data_quality": parameters})
    table = pd.read_csv(outputs / "data_quality.csv")
    assert list(table.columns) == ["Extract", "Rule", "Severity", "Action", "Rows", "Last run", "Change"]
    rows = {(row.Extract, row.Rule): row for row in table.itertuples()}
    temporary = rows["pupil_roll", "Temporary UPN"]
    assert temporary.Rows == 1128 and temporary._6 == 100 and temporary.Change == 1028
    assert rows["exclusions", "Duplicate row"].Change == 0
    assert pd.isna(rows["cme_referrals", "Duplicate reference"]._6)  # new since the last run
    page = (outputs / "data_quality.html").read_text(encoding="utf-8")
    assert "Every landed row is in the warehouse or held back with its reason." in page
    assert "line 1: delimiter: semicolon-delimited, read as such" in page
    assert "read_report(" not in page  # the page shows results, not code
    assert_readable_data_quality_page(page)
    links = pd.read_csv(outputs / "identity_links.csv").set_index("Extract")
    assert links.loc["ehe_register", "scored"] == 5 and links.loc["ehe_register", "for review"] == 2
    assert links.loc["pupil_roll", "permanent_upn"] == 7000 and links.loc["pupil_roll", "scored"] == 0


def assert_readable_data_quality_page(page: str) -> None:
    """The page's words and numbers as a reader wants them, and nothing it loads from elsewhere."""
    assert "<title>Data quality of the landed extracts</title>" in page
    # The run's stamp: no release.json beside these exports, so the extract dates from the reconciliation.
    stamp = r'id="run-stamp">Run: .*not published.*Extract dates: 2022-10-06 \(all 3 extracts\)'
    assert re.search(stamp, page)
    assert ">1,128<" in page and ">7,708<" in page and ">1,028<" in page  # thousands separated
    assert "Duplicate row: 5" in page and "duplicate_row" not in page  # codes in words
    assert "Held back (not used)" in page and "held_back" not in page
    assert "Missing value (DOB, Forename)" in page and "Temporary UPN (upn)" in page
    assert "<th>Scored match</th>" in page and "<th>scored</th>" not in page
    assert "<th>Pupil roll (school census)</th>" not in page and "<td>Pupil roll (school census)</td>" in page
    assert 'href="data_docs/index.html"' in page and "file:" not in page  # relative, not the build machine's
    # Nothing from the internet: no script, no style sheet, no address elsewhere.
    assert not re.search(r"<script|<link|@import|(src|href)=\"(https?:)?//", page)
    query = re.search(r'<code id="example-query">(.*?)</code>', page, re.DOTALL).group(1)
    assert "where source_table = 'pupil_roll' and rule_code = 'temporary_upn'" in query  # the most rows


def test_data_quality_page_says_when_a_file_does_not_reconcile(exports: Path, tmp_path: Path) -> None:
    broken = tmp_path / "exports"
    shutil.copytree(exports, broken)
    files = pq.read_table(broken / "rpt_extract_reconciliation.parquet").to_pylist()
    files[0]["used_rows"] -= 1
    files[0]["is_reconciled"] = False
    pq.write_table(pa.Table.from_pylist(files), broken / "rpt_extract_reconciliation.parquet")
    run_notebooks(broken, tmp_path / "outputs")
    page = (tmp_path / "outputs" / "data_quality.html").read_text(encoding="utf-8")
    assert "1 file(s) do not reconcile" in page and "pupil_roll_20221006.csv" in page
    assert "No list of warnings was found" in page


def test_each_notebook_is_a_dbt_exposure_of_the_reports_it_reads() -> None:
    """The exposures (lineage in dbt's docs) name exactly the report tables each notebook reads."""
    path = PROJECT_DIR / "models" / "marts" / "reporting" / "_reporting__exposures.yml"
    exposures = yaml.safe_load(path.read_text(encoding="utf-8"))["exposures"]
    declared = {
        Path(exposure["config"]["meta"]["notebook"]).stem: {
            re.fullmatch(r"ref\('(\w+)'\)", parent).group(1) for parent in exposure["depends_on"]
        }
        for exposure in exposures
        if "notebook" in exposure["config"]["meta"]  # the tiers for BI tools are exposures too
    }
    reads = re.compile(r'read_report\(exports_dir, "(\w+)"\)')
    read = {name: set(reads.findall((NOTEBOOKS_DIR / f"{name}.py").read_text())) for name in NOTEBOOKS}
    assert declared == read


def review_sheets(path: Path) -> dict[str, list[list]]:
    """Each sheet's rows from its header down."""
    return {sheet.title: table_rows(sheet) for sheet in load_workbook(path)}


def children(rows: list[list], column: int = 0) -> list:
    """The listed children of a sheet: the rows between the header and the first blank row
    (an empty list says "None.")."""
    listed = []
    for row in rows[1:]:
        if all(value is None for value in row):
            break
        listed.append(row[column])
    return [] if listed == ["None."] else listed


def test_case_review_lists_each_priority_and_what_changed_in_the_week(
    default_run: tuple[Path, list[Path]],
) -> None:
    outputs, _ = default_run
    # With no date given, the current as-at date.
    sheets = review_sheets(outputs / "cmoe_case_review_2022-10-06.xlsx")
    assert list(sheets) == [
        "Summary",
        "1 REP",
        "2 Exclusions",
        "3 CME and EHE",
        "4 Social worker",
        "5 EOTAS",
        "New since week before",
        "Closed since week before",
        "Notes",
    ]
    summary = sheets["Summary"]
    assert summary[0] == ["Priority", "Children", "Week before", "New", "Closed"]
    assert summary[1:6] == [
        ["Reduced Educational Provision", 1, 1, 0, 0],
        ["Exclusions", 0, 1, 0, 1],
        ["CME and Elective Home Education", 2, 2, 1, 1],
        ["Children with a Social Worker", 1, 0, 1, 0],
        ["Education Other Than At School (EOTAS)", 1, 0, 1, 0],
    ]
    # Longest stuck first.
    assert children(sheets["3 CME and EHE"]) == ["C3", "C2"]
    assert sheets["3 CME and EHE"][0][:4] == ["Child", "Reasons", "Since", "School days since"]
    assert children(sheets["2 Exclusions"]) == []
    social = sheets["4 Social worker"]
    assert children(social) == ["C3"] and social[1][4] == "Social care: CIN-sc:2"
    new = sheets["New since week before"]
    assert [(row[0], row[1]) for row in new[1:4]] == [
        ("CME and Elective Home Education", "C2"),
        ("Children with a Social Worker", "C3"),
        ("Education Other Than At School (EOTAS)", "C5"),
    ]
    closed = sheets["Closed since week before"]
    assert [(row[0], row[1]) for row in closed[1:3]] == [
        ("Exclusions", "C4"),
        ("CME and Elective Home Education", "C6"),
    ]
    assert_png(outputs / "cmoe_case_review_2022-10-06.png")


def test_case_review_of_a_year_end_without_the_week_before(exports: Path, tmp_path: Path) -> None:
    run_notebooks(exports, tmp_path, {"cmoe_case_review": {"as_at_date": "2022-08-31"}})
    sheets = review_sheets(tmp_path / "cmoe_case_review_2022-08-31.xlsx")
    assert children(sheets["2 Exclusions"]) == ["C4"] and children(sheets["5 EOTAS"]) == ["C7"]
    assert children(sheets["New since week before"]) == []
    assert children(sheets["Closed since week before"]) == []
    notes = [row[0] for row in sheets["New since week before"] if row[0]]
    assert notes[-2:] == ["None.", "No list was built for 2022-08-24, so nothing is new or closed."]
    assert [row[2] for row in sheets["Summary"][1:6]] == [None] * 5
    assert_png(tmp_path / "cmoe_case_review_2022-08-31.png")


def test_case_review_of_a_date_not_built_says_how_to_build_it(exports: Path, tmp_path: Path) -> None:
    with pytest.raises(NotebookRunError) as raised:
        run_notebooks(exports, tmp_path, {"cmoe_case_review": {"as_at_date": "2022-10-01"}})
    message = str(raised.value)
    assert "'cmoe_case_review'" in message and "2022-10-01 is not one of the built as-at dates" in message
    assert "current_as_at_date" in message and "cmoe run --as-at 2022-10-01" in message
    assert not (tmp_path / "cmoe_case_review_2022-10-01.xlsx").exists()


def test_termly_return_writes_the_latest_census_with_its_change(default_run: tuple[Path, list[Path]]) -> None:
    outputs, _ = default_run
    stem = outputs / "termly_return_2022-23_autumn"
    raw = pd.read_csv(f"{stem}.csv", keep_default_na=False)
    assert set(raw["census_date"]) == {"2022-10-06"}
    counted = raw.set_index(["return_table", "measure", "breakdown_topic", "breakdown"])["child_count"]
    for table, cells in RETURN_CELLS.items():
        for measure, topic, breakdown, _, counts in cells:
            key = (table, measure or table.upper()[:3] + " on census day", topic, breakdown)
            assert counted[key] == counts[1]
    check_workbook(Path(f"{stem}.xlsx"), "Wiltshire")
    sheets = pd.read_excel(f"{stem}.xlsx", sheet_name=None, header=5)
    assert list(sheets) == ["Cover", *RETURN_CELLS, "publication", "change", "Notes"]
    cover = sheets["Cover"].set_index("Item")["Value"]
    assert cover["Census date"] == "2022-10-06" and cover["Previous term"] == "2021/22 summer"
    assert cover["Extract date"] == "ehe_register 2022-10-06"
    for table, cells in RETURN_CELLS.items():
        assert int(cover[f"Rows: {table}"]) == len(cells) == len(sheets[table])
    assert "measure" not in sheets["ehe_census"] and "measure" in sheets["ehe_full_year"]
    change = sheets["change"].set_index(["return_table", "measure", "breakdown_topic", "breakdown"])
    started = change.loc[("ehe_full_year", "Started EHE", "Previous school type", "LA maintained school")]
    assert (started["previous_count"], started["child_count"], started["change"]) == (10, 0, -10)
    publication = pd.read_csv(f"{stem}_publication.csv", dtype=str)
    assert len(publication) == int(cover["Rows: publication"]) == sum(map(len, RETURN_CELLS.values()))
    assert_png(outputs / "termly_return_2022-23_autumn.png")


def test_termly_return_for_a_chosen_term_has_no_earlier_one(exports: Path, tmp_path: Path) -> None:
    run_notebooks(exports, tmp_path, {"termly_return": {"academic_year": "2021/22", "census_term": "summer"}})
    cover = pd.read_excel(tmp_path / "termly_return_2021-22_summer.xlsx", sheet_name="Cover", header=5)
    assert cover.set_index("Item")["Value"]["Previous term"] == "none"
    change = pd.read_excel(tmp_path / "termly_return_2021-22_summer.xlsx", sheet_name="change", header=5)
    assert change["previous_count"].isna().all() and change["change"].isna().all()


def test_termly_return_of_a_term_not_returned_names_those_that_are(exports: Path, tmp_path: Path) -> None:
    with pytest.raises(NotebookRunError) as error:
        run_notebooks(
            exports, tmp_path, {"termly_return": {"academic_year": "2022/23", "census_term": "spring"}}
        )
    assert "'termly_return'" in str(error.value) and "2021/22 summer, 2022/23 autumn" in str(error.value)
