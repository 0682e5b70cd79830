"""Print a generated scenario's attendance mix beside the profile it aims at.

Reads the truth (truth/attendance_enrolment_years.csv) and the attendance
feed (landing/attendance/session_marks_*.parquet or .csv) of a workspace and
prints, for one academic year:
- each category's share of possible sessions and the share of persistent
  absentees, over the cohort (pupils aged 5 to 15 at primary, secondary and
  special schools), beside Wiltshire's published 2025/26 figures and the
  difference;
- each code's marks in the feed that year and their rate (marks per possible
  session of the feed), beside the published rate where DfE publishes one.

    .venv/bin/python scripts/attendance_mix.py [--root /tmp/gen] [--year 2021]
"""

from __future__ import annotations

import argparse
import csv
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from cmoe.generator.attendance_codes import CodeBook
from cmoe.generator.attendance_profile import MIX_LABELS, WILTSHIRE_2025_26_TOTAL
from cmoe.generator.attendance_summary import summarise, total_row
from cmoe.generator.attendance_truth import EnrolmentYear
from cmoe.generator.truth_records import read_records
from cmoe.paths import PROJECT_DIR, REFERENCE_SEEDS_DIR


def school_phases() -> dict[str, str]:
    with (REFERENCE_SEEDS_DIR / "schools.csv").open(newline="", encoding="utf-8") as handle:
        return {row["school_urn"]: row["phase"] for row in csv.DictReader(handle)}


def print_categories(rows: list[EnrolmentYear], year: int) -> None:
    total = total_row(summarise(rows, school_phases()), year)
    if total is None:
        raise SystemExit(f"no attendance in the truth for {year}/{(year + 1) % 100:02d}")
    published = WILTSHIRE_2025_26_TOTAL.category_shares
    print(
        f"Attendance {year}/{(year + 1) % 100:02d}: {total.enrolments:,} enrolments of the cohort, "
        f"{total.possible_sessions:,} possible sessions"
    )
    print(f"{'':40} {'generated':>10} {'Wiltshire':>10} {'difference':>10}")
    for key, label in MIX_LABELS.items():
        generated, profile = 100 * total.mix()[key], 100 * published[key]
        print(f"{label:40} {generated:9.2f}% {profile:9.2f}% {generated - profile:+10.2f}")
    print(f"({WILTSHIRE_2025_26_TOTAL.label})")


def feed_marks(root: Path, year: int) -> list[tuple[str, date, int]]:
    """(mark, date, rows) of the feed in the academic year."""
    folder = root / "landing" / "attendance"
    parquet, text = sorted(folder.glob("session_marks_*.parquet")), sorted(folder.glob("session_marks_*.csv"))
    if parquet:
        source = f"read_parquet({[str(path) for path in parquet]})"
        day = "attendance_date"
    elif text:
        source = f"read_csv({[str(path) for path in text]}, all_varchar = true, header = true)"
        day = "strptime(attendance_date, '%d/%m/%Y')::date"
    else:
        raise SystemExit(f"no attendance feed in {folder}")
    query = (
        f"select cast(mark as varchar), {day} as day, count(*) from {source} "
        f"where {day} between date '{year}-09-01' and date '{year + 1}-08-31' group by all"
    )
    return duckdb.sql(query).fetchall()


def print_codes(root: Path, year: int) -> None:
    marks = feed_marks(root, year)
    book = CodeBook.from_seed()
    index = [book.index.get(mark, book.index["?"]) for mark, _, _ in marks]
    counted = book.classify(np.array(index), np.array([day for _, day, _ in marks], dtype="datetime64[D]"))
    rows = np.array([count for _, _, count in marks])
    possible = int(rows[counted.is_possible].sum())
    by_code: dict[str, int] = {}
    for mark, _, count in marks:
        by_code[mark] = by_code.get(mark, 0) + count
    published = WILTSHIRE_2025_26_TOTAL
    print(
        f"\nThe feed's marks in {year}/{(year + 1) % 100:02d} ({sum(by_code.values()):,} rows, "
        f"{possible:,} possible), per 100 possible sessions:"
    )
    print(f"{'code':6} {'marks':>12} {'rate':>9} {'Wiltshire':>10}")
    for mark in sorted(by_code, key=lambda code: book.index.get(code, len(book.codes))):
        rate = 100 * by_code[mark] / possible
        known = published.sessions_by_code.get(mark)
        beside = f"{100 * published.share(known):9.3f}%" if known is not None else f"{'':>10}"
        print(f"{mark:6} {by_code[mark]:12,} {rate:8.3f}% {beside}")


def main() -> int:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument(
        "--root", type=Path, default=PROJECT_DIR, help="workspace folder (default: the project)"
    )
    options.add_argument("--year", type=int, default=2021, help="academic year by its start (default 2021)")
    arguments = options.parse_args()
    truth = arguments.root / "truth" / "attendance_enrolment_years.csv"
    if not truth.exists():
        raise SystemExit(f"no attendance truth at {truth}: generate a scenario there first")
    print_categories(read_records(truth, EnrolmentYear), arguments.year)
    print_codes(arguments.root, arguments.year)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
