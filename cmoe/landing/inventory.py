"""The landed files and their inventory: `_landed_files.csv` and `_landing_report.json`.

The inventory's columns are as models/staging/landing/_landing__sources.yml
documents them (source `landing.landed_files`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from cmoe.feed_landing import FeedLanding
from cmoe.landing.problems import LandingProblem
from cmoe.text import csv_text, write_atomically

LANDED_FILES = "_landed_files.csv"

# Its columns, as models/staging/landing/_landing__sources.yml documents them.
LANDED_FILES_COLUMNS = (
    "source_system",
    "source_table",
    "source_file",
    "extract_date",
    "raw_records",
    "encoding",
    "delimiter",
    "header_line",
    "arrived_columns",
    "landing_warnings",
)

LANDING_REPORT = "_landing_report.json"


@dataclass(frozen=True)
class LandedFile:
    """One raw file as landed: what it was, and (for a register) where its canonical copy is."""

    source_system: str
    source_table: str
    raw_path: Path
    extract_date: date
    raw_records: int  # records in the raw file, header excluded (the feed's CSV: its lines)
    encoding: str  # utf-8, utf-8-sig, cp1252 or parquet
    delimiter: str  # comma, semicolon, tab or pipe; empty for Parquet
    header_line: int | None  # the header's line; None for Parquet
    arrived_columns: tuple[str, ...]  # the header as it arrived (HeaderMap.arrived)
    warnings: tuple[LandingProblem, ...]
    landed_path: Path | None = None  # a register's canonical copy; None for the attendance feed
    landed_partitions: tuple[Path, ...] = ()  # the attendance feed's partition files holding its rows

    @property
    def source_file(self) -> str:
        return self.raw_path.name

    def inventory_row(self) -> dict[str, str | int]:
        """The file's row of _landed_files.csv (LANDED_FILES_COLUMNS, as the landing source lists them)."""
        return dict(
            zip(
                LANDED_FILES_COLUMNS,
                (
                    self.source_system,
                    self.source_table,
                    self.source_file,
                    self.extract_date.isoformat(),
                    self.raw_records,
                    self.encoding,
                    self.delimiter,
                    "" if self.header_line is None else self.header_line,
                    json.dumps(self.arrived_columns, ensure_ascii=False),
                    len(self.warnings),
                ),
                strict=True,
            )
        )


@dataclass(frozen=True)
class LandingResult:
    """Every file landed, with the warnings found on the way."""

    landed_root: Path
    files: tuple[LandedFile, ...]
    feeds: tuple[FeedLanding, ...] = ()
    benchmarks: str = ""  # what the benchmarks' landing says (write_benchmarks)

    @property
    def warnings(self) -> list[LandingProblem]:
        return [warning for landed in self.files for warning in landed.warnings]

    def summary(self) -> list[str]:
        """What the command line prints: a line for the landing and one per feed, then one per warning."""
        lines = [f"{len(self.files)} files landed in {self.landed_root}, {len(self.warnings)} warning(s)"]
        lines += [feed.summary() for feed in self.feeds]
        lines += [self.benchmarks] if self.benchmarks else []
        return lines + [f"warning: {warning}" for warning in self.warnings]


def write_inventory(landed_root: Path, files: list[LandedFile]) -> None:
    """_landed_files.csv (one row per landed file) and _landing_report.json (the same, with warnings)."""
    rows = [landed.inventory_row() for landed in files]
    write_atomically(landed_root / LANDED_FILES, csv_text(LANDED_FILES_COLUMNS, rows))
    report = {
        "landed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "landed_root": str(landed_root),
        "files": [
            {
                **landed.inventory_row(),
                "raw_path": str(landed.raw_path),
                "landed_path": str(landed.landed_path) if landed.landed_path else None,
                "landed_partitions": [str(path) for path in landed.landed_partitions],
                "warnings": [str(warning) for warning in landed.warnings],
            }
            for landed in files
        ],
    }
    write_atomically(landed_root / LANDING_REPORT, json.dumps(report, indent=2) + "\n")
