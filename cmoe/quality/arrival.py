"""The arrival checks: Great Expectations on every landed extract, after landing and before dbt build.

Each landed file's header, as it arrived (from the landing step's inventory),
is validated first: a contract column missing blocks, and the file's other
checks are not run. Each register's canonical copy (`<landed_root>/<system>/
<file>`, all text) is read as a pandas DataFrame and validated against its
extract's suite; the attendance feed is summarised with DuckDB and the
summary validated. Then:

- every row a row-level expectation found is written to
  `<landed_root>/_arrival_issues.csv` (dbt's source quality.arrival_issues,
  listed in fct_dq_issue), header only when there are none;
- the Data Docs are built under `<quality_dir>/data_docs/`;
- the warnings on whole files, the landing step's and these checks', are
  listed in `<quality_dir>/file_warnings.csv` for the data-quality page (the
  row-level ones are in _arrival_issues.csv);
- a blocking failure raises ArrivalError (one line per failure, and the
  Data Docs pages); otherwise the warnings are returned and this run's row
  counts and empty shares become the previous run's
  (`<quality_dir>/arrival_history.json`).

The comparisons with the previous run are a separate part of each suite: they
run on the latest file of each extract when a previous run left its figures,
and are skipped (and said to be) otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cmoe.contract import source_columns
from cmoe.quality.data_docs import write_extract_dates
from cmoe.quality.declarations import load_declarations
from cmoe.quality.errors import ArrivalError
from cmoe.quality.feed import validate_feed
from cmoe.quality.gx_run import GxRun, reset_run_folders
from cmoe.quality.history import Figures, load_history, save_history
from cmoe.quality.landed import LandedExtract, landed_inventory, latest_files
from cmoe.quality.messages import Checked, blocking_failures, warnings_of
from cmoe.quality.registers import RegisterFacts, issue_rows, validate_register_file
from cmoe.text import csv_text, write_atomically

# The row-level findings, dbt's source quality.arrival_issues.
ARRIVAL_ISSUES = ("quality", "arrival_issues")
FILE_WARNINGS = "file_warnings.csv"


@dataclass(frozen=True)
class ArrivalResult:
    """What the arrival checks found, when nothing blocked the run."""

    warnings: tuple[str, ...]
    docs: Path
    issues: Path
    issue_rows: int
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0

    def summary(self) -> list[str]:
        """What the command line prints: a line for the checks, then skipped comparisons and warnings."""
        lines = [
            f"{len(self.warnings)} warning(s), {self.issue_rows} row-level finding(s) in {self.issues} "
            f"({self.seconds:.1f} s); Data Docs: {self.docs}"
        ]
        return (
            lines
            + [f"note: {line}" for line in self.skipped]
            + [f"warning: {line}" for line in self.warnings]
        )


# --- What the run writes --------------------------------------------------------------------------------


def write_arrival_issues(landed_root: Path, rows: list[dict[str, str]]) -> Path:
    """`<landed_root>/_arrival_issues.csv`: the header (as its sources YAML lists it), then the rows."""
    source, table = ARRIVAL_ISSUES
    columns = source_columns(source, table)
    path = landed_root / f"_{table}.csv"
    ordered = sorted(
        rows,
        key=lambda row: (
            row["source_table"],
            row["source_file"],
            int(row["source_line"]),
            row["rule_code"],
            row["column_name"],
        ),
    )
    return write_atomically(path, csv_text(columns, ordered))


def write_file_warnings(quality_dir: Path, files: list[LandedExtract], warnings: list[str]) -> Path:
    """`<quality_dir>/file_warnings.csv`: found_by (landing, arrival checks) and warning, one row each."""
    rows = [("landing", warning) for landed in files for warning in landed.landing_warnings]
    rows += [("arrival checks", warning) for warning in warnings]
    return write_atomically(quality_dir / FILE_WARNINGS, csv_text(("found_by", "warning"), rows))


# --- The checks -----------------------------------------------------------------------------------------


def validate_all(
    run: GxRun, files: list[LandedExtract], attendance_format: str, history: dict[str, Figures]
) -> tuple[list[Checked], dict[str, Figures]]:
    """Validate every register file, then the feed; the validations, and this run's figures of each
    extract whose latest file was read."""
    checked: list[Checked] = []
    figures_now: dict[str, Figures] = {}
    latest = latest_files(files)
    for landed in (landed for landed in files if not landed.extract.is_feed):
        is_latest = landed.source_file in latest
        found, counted = validate_register_file(run, landed, history.get(landed.extract.table), is_latest)
        checked.extend(found)
        if is_latest and counted:
            figures_now[landed.extract.table] = counted
    if feed_files := [landed for landed in files if landed.extract.is_feed]:
        table = feed_files[0].extract.table
        found, counted = validate_feed(run, feed_files, attendance_format, history.get(table))
        checked.extend(found)
        if counted:
            figures_now[table] = counted
    return checked, figures_now


def check_arrival(landed_root: Path, attendance_format: str, quality_dir: Path) -> ArrivalResult:
    """Validate every landed extract; write _arrival_issues.csv and the Data Docs.

    Raises ArrivalError (one line per blocking failure, and the Data Docs
    pages) when a blocking expectation fails; otherwise returns the warnings
    and saves this run's figures for the next run to compare with.
    """
    started = datetime.now(UTC)
    reset_run_folders(quality_dir)
    (quality_dir / FILE_WARNINGS).unlink(missing_ok=True)
    history = load_history(quality_dir)
    files = landed_inventory(landed_root, load_declarations())
    run = GxRun(quality_dir, "arrival")
    checked, figures_now = validate_all(run, files, attendance_format, history)
    checked_at = started.replace(tzinfo=None).isoformat(timespec="seconds")
    # Only the registers are checked row by row (the feed by its summary).
    rows = [
        row for one in checked if isinstance(one.facts, RegisterFacts) for row in issue_rows(one, checked_at)
    ]
    issues = write_arrival_issues(landed_root, rows)
    by_date = sorted(files, key=lambda landed: landed.extract_date)  # the latest of each extract wins
    write_extract_dates(quality_dir, {one.extract.table: one.extract_date.isoformat() for one in by_date})
    docs = run.build_docs()
    for one in checked:
        one.page = run.page(one.suite, one.batch)
    if failures := blocking_failures(checked):
        raise ArrivalError([text for _, text in failures], docs, [one.page for one, _ in failures])
    save_history(quality_dir, figures_now)
    skipped = tuple(
        f"{table}: no previous run, so its row count and empty shares are not compared (skipped)"
        for table in figures_now
        if table not in history
    )
    warnings = warnings_of(checked)
    write_file_warnings(quality_dir, files, warnings_of(checked, file_level_only=True))
    seconds = (datetime.now(UTC) - started).total_seconds()
    return ArrivalResult(tuple(warnings), docs, issues, len(rows), skipped, seconds)
