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

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from great_expectations.core import ExpectationValidationResult

from cmoe.contract import source_columns
from cmoe.landing import LANDING_REPORT
from cmoe.quality.data_docs import write_extract_dates
from cmoe.quality.declarations import ExtractDeclaration, load_declarations
from cmoe.quality.errors import ArrivalError
from cmoe.quality.feed import feed_summary
from cmoe.quality.gx_run import GxRun, reset_run_folders
from cmoe.quality.history import band_parameters, figures, load_history, save_history
from cmoe.quality.outcomes import (
    Checked,
    Message,
    blocking_failures,
    column_of,
    is_blocking,
    unexpected_lines,
    warnings_of,
)
from cmoe.quality.suites import (
    EMPTY_SHARE_POINTS,
    EXTRACT_DATE,
    FEED_ROWS,
    ROW_COUNT_BAND,
    feed_column,
)
from cmoe.text import csv_text, listed, write_atomically

SOURCE_LINE = "source_line"
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


# --- Registers ------------------------------------------------------------------------------------------


def read_landed(path: Path) -> pd.DataFrame:
    """A canonical copy as landed: every column text, nothing read as missing."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def validation_frame(landed: pd.DataFrame, extract: ExtractDeclaration) -> pd.DataFrame:
    """What the suite sees: source_line, then each column as dbt reads it (trimmed, codes upper case),
    empty values as nulls."""
    frame = pd.DataFrame({SOURCE_LINE: landed[SOURCE_LINE]})
    for column in extract.columns:
        values = landed[column.name].astype(str).str.strip()
        if column.compared_as_code:
            values = values.str.upper()
        frame[column.name] = values.where(values != "", None)
    return frame


@dataclass(frozen=True)
class LandedExtract:
    """One landed file of an extract, from the landing step's inventory."""

    extract: ExtractDeclaration
    source_file: str
    extract_date: date
    path: Path
    header_line: int | None  # None for Parquet
    arrived_columns: tuple[str, ...]  # the header as it arrived, matched fields under the contract's names
    landing_warnings: tuple[str, ...]  # what the landing step said of it

    @property
    def label(self) -> str:
        return f"{self.extract.system}/{self.source_file}"

    @property
    def batch(self) -> str:
        return Path(self.source_file).stem


def landed_inventory(landed_root: Path, declarations: dict[str, ExtractDeclaration]) -> list[LandedExtract]:
    """Every file landed (registers' copies and feed files), from `<landed_root>/_landing_report.json`."""
    report = json.loads((landed_root / LANDING_REPORT).read_text(encoding="utf-8"))
    files = []
    for entry in report["files"]:
        files.append(
            LandedExtract(
                declarations[entry["source_table"]],
                entry["source_file"],
                date.fromisoformat(entry["extract_date"]),
                Path(entry["landed_path"] or entry["raw_path"]),
                int(entry["header_line"]) if entry["header_line"] != "" else None,
                tuple(json.loads(entry["arrived_columns"])),
                tuple(entry["warnings"]),
            )
        )
    return files


def latest_files(files: list[LandedExtract]) -> set[str]:
    """The latest file of each register (the one compared with the previous run)."""
    latest: dict[str, LandedExtract] = {}
    for landed in files:
        current = latest.get(landed.extract.table)
        if current is None or (landed.extract_date, landed.source_file) > (
            current.extract_date,
            current.source_file,
        ):
            latest[landed.extract.table] = landed
    return {landed.source_file for landed in latest.values()}


def check_header(run: GxRun, landed: LandedExtract) -> Checked:
    """Validate a file's header as it arrived (an empty DataFrame with its columns)."""
    suite = run.suites(landed.extract.table).header
    batch = f"{landed.batch}_header"
    frame = pd.DataFrame(columns=list(landed.arrived_columns))
    result = run.validate(suite, batch, frame)
    return Checked(landed.label, suite.name, batch, result, frame, {"header_of": landed})


def blocks(checked: Checked) -> bool:
    return any(is_blocking(item) for item in checked.failed())


def check_register_file(
    run: GxRun, landed: LandedExtract, previous: dict | None, latest: bool
) -> tuple[list[Checked], dict | None]:
    """Validate one register file; its validations (header, checks, and comparisons if due) and its
    figures (None when its header blocks, and nothing else is validated)."""
    header = check_header(run, landed)
    if blocks(header):
        return [header], None
    raw = read_landed(landed.path)
    frame = validation_frame(raw, landed.extract)
    columns = [column.name for column in landed.extract.columns]
    batch = landed.batch
    facts = {"landed": landed, "raw": raw, "previous": previous}
    parameters = {EXTRACT_DATE: landed.extract_date.isoformat()}
    parts = run.suites(landed.extract.table)
    checks, comparisons = parts.checks, parts.comparisons
    result = run.validate(checks, batch, frame, parameters, [SOURCE_LINE])
    checked = [header, Checked(landed.label, checks.name, batch, result, frame, facts)]
    if latest and previous:
        parameters |= band_parameters(previous, columns)
        result = run.validate(comparisons, batch, frame, parameters, [SOURCE_LINE])
        checked.append(Checked(landed.label, comparisons.name, batch, result, frame, facts))
    about = {"source_file": landed.source_file, "extract_date": landed.extract_date.isoformat()}
    return checked, figures(frame, columns, **about)


def check_feed(
    run: GxRun, files: list[LandedExtract], attendance_format: str, previous: dict | None
) -> tuple[list[Checked], dict | None]:
    """Validate each feed file's header, then the feed's summary (all its files together, as dbt reads
    them); figures None when a header blocks, and the summary is not computed."""
    headers = [check_header(run, landed) for landed in files]
    if any(blocks(header) for header in headers):
        return headers, None
    extract = files[0].extract
    extract_date = max(landed.extract_date for landed in files)
    summary = feed_summary(extract, [landed.path for landed in files], attendance_format, extract_date)
    label = files[0].label if len(files) == 1 else f"{extract.system}/{extract.table} ({len(files)} files)"
    batch = f"{extract.table}_summary"
    facts = {"extract_date": extract_date, "previous": previous, "extract": extract}
    parts = run.suites(extract.table)
    checks, comparisons = parts.checks, parts.comparisons
    checked = [
        *headers,
        Checked(label, checks.name, batch, run.validate(checks, batch, summary), summary, facts),
    ]
    if previous:
        columns = [column.name for column in extract.columns]
        parameters = band_parameters(previous, columns)
        result = run.validate(comparisons, batch, summary, parameters)
        checked.append(Checked(label, comparisons.name, batch, result, summary, facts))
    row = summary.iloc[0]
    shares = {column.name: row[feed_column(column.name, "non_empty_share")] for column in extract.columns}
    about = {
        "source_file": ";".join(landed.source_file for landed in files),
        "extract_date": extract_date.isoformat(),
    }
    return checked, {**about, "rows": int(row[FEED_ROWS]), "non_empty_share": shares}


# --- Row-level findings: _arrival_issues.csv ------------------------------------------------------------


def issue_rows(checked: Checked, checked_at: str) -> list[dict[str, str]]:
    """One row per landed row, row-level rule and column that an expectation found."""
    landed: LandedExtract | None = checked.facts.get("landed")
    if landed is None:
        return []
    raw = checked.facts["raw"].set_index(SOURCE_LINE)
    rows = []
    for item in checked.result.results:
        rule_code = (item.expectation_config.meta or {}).get("rule_code")
        if item.success or not rule_code:
            continue
        column = column_of(item)
        for line in unexpected_lines(item):
            rows.append(
                {
                    "checked_at": checked_at,
                    "source_table": landed.extract.table,
                    "source_file": landed.source_file,
                    "source_line": str(line),
                    "rule_code": rule_code,
                    "column_name": column,
                    "value": raw.at[str(line), column],
                    "expectation": item.expectation_config.type,
                }
            )
    return rows


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


# --- Messages -------------------------------------------------------------------------------------------


def _day(iso: date | str) -> str:
    return (iso if isinstance(iso, date) else date.fromisoformat(iso)).strftime("%d/%m/%Y")


def _quoted(names: list[str]) -> str:
    return ", ".join(name if name.strip() == name and name else repr(name) for name in names)


def _header_where(checked: Checked) -> str:
    landed: LandedExtract = checked.facts["header_of"]
    return checked.label if landed.header_line is None else f"{checked.label}: line {landed.header_line}"


def _mismatched(item: ExpectationValidationResult, kind: str, order: list[str]) -> list[str]:
    """The columns GX found missing or unexpected, in the contract's or the header's order."""
    found = set(((item.result or {}).get("details") or {}).get("mismatched", {}).get(kind, []))
    return [name for name in dict.fromkeys(order) if name in found]


def _columns_present(checked: Checked, item: ExpectationValidationResult) -> str:
    landed: LandedExtract = checked.facts["header_of"]
    contract = [column.name for column in landed.extract.columns]
    missing = _mismatched(item, "missing", contract)
    text = (
        f"{_header_where(checked)}: missing_columns: {', '.join(missing)} not in the "
        f"{'schema' if landed.header_line is None else 'header'}"
    )
    if extra := _mismatched(item, "unexpected", list(landed.arrived_columns)):
        text += f" (it has {_quoted(extra)}, not in the contract)"
    return text


def _extra_columns(checked: Checked, item: ExpectationValidationResult) -> str:
    landed: LandedExtract = checked.facts["header_of"]
    extra = _mismatched(item, "unexpected", list(landed.arrived_columns))
    fate = "not read" if landed.extract.is_feed else "dropped from the copy"
    return f"{_header_where(checked)}: extra_columns: {_quoted(extra)} not in the contract, {fate}"


def _column_order(checked: Checked, item: ExpectationValidationResult) -> str:
    arrived = ((item.result or {}).get("details") or {}).get("arrived_order", [])
    return (
        f"{_header_where(checked)}: column_order: columns in another order, mapped by name "
        f"({listed(arrived)})"
    )


def _has_rows(checked: Checked, item: ExpectationValidationResult) -> str:
    if "landed" in checked.facts:
        return f"{checked.label}: no rows: the file has a header only"
    return f"{checked.label}: no session marks: the feed is empty"


def _day_first(checked: Checked, item: ExpectationValidationResult) -> str:
    counts = item.result["observed_value"]
    not_day_first = 1 - counts["day_first"] / counts["dates"]
    return (
        f"{checked.label}: {column_of(item)}: {not_day_first:.0%} of dates are not dd/mm/yyyy; "
        "they read as mm/dd/yyyy (US format?)"
    )


ROW_LEVEL_WHAT = {
    "missing_value": "empty on {n} row(s), always expected",
    "implausible_date": "{n} date(s) before 01/01/2000 or after the extract date {extract_date}",
    "invalid_upn_format": "{n} UPN(s) not a letter, 11 digits and a digit or letter",
    "unknown_school": "{n} URN(s) not of the LA's schools ({list_name})",
    "unknown_code": "{n} value(s) not on the list ({list_name})",
    "duplicate_key": "{n} row(s) share their value with another row",
}


def _row_level(checked: Checked, item: ExpectationValidationResult) -> str:
    landed: LandedExtract = checked.facts["landed"]
    declaration = landed.extract.column(column_of(item))
    rule_code = item.expectation_config.meta["rule_code"]
    lines = unexpected_lines(item)
    if rule_code == "unparseable_value":
        kind = "date" if declaration.type == "date" else "number"
        what = f"{len(lines)} value(s) that are not a {kind}"
    else:
        what = ROW_LEVEL_WHAT[rule_code].format(
            n=len(lines), extract_date=_day(landed.extract_date), list_name=declaration.list_name
        )
    text = f"{checked.label}: {declaration.name}: {what} ({rule_code}; line(s) {listed(lines)})"
    if not declaration.pii and rule_code in ("unknown_code", "unknown_school"):
        values = list(
            dict.fromkeys(
                checked.facts["raw"].set_index(SOURCE_LINE).loc[[str(n) for n in lines], declaration.name]
            )
        )
        text += f": {listed([repr(value) for value in values])}"
    return text


def _rows_vs_previous(checked: Checked, item: ExpectationValidationResult) -> str:
    previous = checked.facts["previous"]
    rows = len(checked.frame) if "landed" in checked.facts else int(checked.frame.iloc[0][FEED_ROWS])
    change = rows / previous["rows"] - 1 if previous["rows"] else float("inf")
    low, high = ROW_COUNT_BAND
    noun = "rows" if "landed" in checked.facts else "session marks"
    return (
        f"{checked.label}: {rows:,} {noun}, {change:+.0%} on the previous run's {previous['rows']:,} "
        f"({previous.get('source_file', '')}; expected {low:+.0%} to {high:+.0%})"
    )


def _empty_share_vs_previous(checked: Checked, item: ExpectationValidationResult) -> str:
    column = column_of(item)
    name = column.removesuffix("__non_empty_share") if "landed" not in checked.facts else column
    observed = item.result.get("observed_value")
    if observed is None:
        observed = (item.result.get("unexpected_list") or [None])[0]
    previous = (checked.facts["previous"].get("non_empty_share") or {}).get(name)
    empty = "unknown" if observed is None else f"{1 - float(observed):.1%}"
    before = "unknown" if previous is None else f"{1 - float(previous):.1%}"
    return (
        f"{checked.label}: {name}: {empty} empty, {before} in the previous run "
        f"(expected within {EMPTY_SHARE_POINTS * 100:.0f} points)"
    )


def _feed_value(checked: Checked, item: ExpectationValidationResult) -> float:
    return checked.frame.iloc[0][column_of(item)]


def _feed_values(checked: Checked, item: ExpectationValidationResult) -> str:
    name = column_of(item).removesuffix("__not_listed")
    allowed = " or ".join(checked.facts["extract"].column(name).values)
    return (
        f"{checked.label}: {name}: {_feed_value(checked, item):,} mark(s) with a {name} other than {allowed}"
    )


def _feed_codes(checked: Checked, item: ExpectationValidationResult) -> str:
    name = column_of(item).removesuffix("__listed_share")
    declaration = checked.facts["extract"].column(name)
    minimum = item.expectation_config.kwargs["min_value"]
    return (
        f"{checked.label}: {name}: {1 - _feed_value(checked, item):.2%} of marks are not codes of "
        f"{declaration.list_name} (at most {1 - minimum:.0%} expected; dbt lists them)"
    )


def _feed_dates(checked: Checked, item: ExpectationValidationResult) -> str:
    name = column_of(item).removesuffix("__unparseable")
    return f"{checked.label}: {name}: {_feed_value(checked, item):,} mark(s) with a date that does not parse"


def _feed_plausible(checked: Checked, item: ExpectationValidationResult) -> str:
    name = column_of(item).removesuffix("__implausible")
    row = checked.frame.iloc[0]
    first, last = row[feed_column(name, "first")], row[feed_column(name, "last")]
    return (
        f"{checked.label}: {name}: {_feed_value(checked, item):,} mark(s) dated before 01/01/2000 or after "
        f"the extract date {_day(checked.facts['extract_date'])} (dates from {_day(first)} to {_day(last)})"
    )


MESSAGES: dict[str, Message] = {
    "columns_present": _columns_present,
    "extra_columns": _extra_columns,
    "column_order": _column_order,
    "has_rows": _has_rows,
    "day_first_dates": _day_first,
    "rows_vs_previous_run": _rows_vs_previous,
    "empty_share_vs_previous_run": _empty_share_vs_previous,
    "feed_values": _feed_values,
    "feed_codes": _feed_codes,
    "feed_dates": _feed_dates,
    "feed_plausible_dates": _feed_plausible,
    **dict.fromkeys((*ROW_LEVEL_WHAT, "unparseable_value"), _row_level),
}


# --- The checks -----------------------------------------------------------------------------------------


def check_arrival(landed_root: Path, attendance_format: str, quality_dir: Path) -> ArrivalResult:
    """Validate every landed extract; write _arrival_issues.csv and the Data Docs.

    Raises ArrivalError (one line per blocking failure, and the Data Docs
    pages) when a blocking expectation fails; otherwise returns the warnings
    and saves this run's figures for the next run to compare with.
    """
    started = datetime.now(UTC)
    reset_run_folders(quality_dir)
    (quality_dir / FILE_WARNINGS).unlink(missing_ok=True)
    declarations = load_declarations()
    history = load_history(quality_dir)
    files = landed_inventory(landed_root, declarations)
    run = GxRun(quality_dir, "arrival")
    checked: list[Checked] = []
    figures_now: dict[str, dict] = {}
    latest = latest_files(files)
    for landed in (landed for landed in files if not landed.extract.is_feed):
        is_latest = landed.source_file in latest
        found, counted = check_register_file(run, landed, history.get(landed.extract.table), is_latest)
        checked.extend(found)
        if is_latest and counted:
            figures_now[landed.extract.table] = counted
    if feed_files := [landed for landed in files if landed.extract.is_feed]:
        table = feed_files[0].extract.table
        found, counted = check_feed(run, feed_files, attendance_format, history.get(table))
        checked.extend(found)
        if counted:
            figures_now[table] = counted
    checked_at = started.replace(tzinfo=None).isoformat(timespec="seconds")
    rows = [row for one in checked for row in issue_rows(one, checked_at)]
    issues = write_arrival_issues(landed_root, rows)
    by_date = sorted(files, key=lambda landed: landed.extract_date)  # the latest of each extract wins
    write_extract_dates(quality_dir, {one.extract.table: one.extract_date.isoformat() for one in by_date})
    docs = run.build_docs()
    for one in checked:
        one.page = run.page(one.suite, one.batch)
    failures = blocking_failures(checked, MESSAGES)
    if failures:
        raise ArrivalError([text for _, text in failures], docs, [one.page for one, _ in failures])
    save_history(quality_dir, figures_now)
    skipped = tuple(
        f"{table}: no previous run, so its row count and empty shares are not compared (skipped)"
        for table in figures_now
        if table not in history
    )
    warnings = warnings_of(checked, MESSAGES)
    write_file_warnings(quality_dir, files, warnings_of(checked, MESSAGES, file_level_only=True))
    seconds = (datetime.now(UTC) - started).total_seconds()
    return ArrivalResult(tuple(warnings), docs, issues, len(rows), skipped, seconds)
