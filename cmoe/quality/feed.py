"""The attendance feed's checks, on a summary computed with DuckDB: tens of millions of marks never go
into pandas.

One scan groups the marks by the columns with few distinct values (session,
mark, date) and by whether each other column is blank; everything the feed's
suite checks is then computed from those few thousand groups: the marks, each
column's share of non-empty values, sessions off the list, dates that do not
parse or are implausible, and the share of marks whose code is in the seed.
The suite holds each file's header checks, then file-level checks on the
summary (one row): no row-level findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.core import ExpectationValidationResult
from great_expectations.expectations.expectation import Expectation

from cmoe.quality.checks import CRITICAL, VS_PREVIOUS_RUN, WARNING, Check, by_name, suite
from cmoe.quality.declarations import PLAUSIBLE_FROM, ColumnDeclaration, ExtractDeclaration
from cmoe.quality.gx_expectations import parse_dates
from cmoe.quality.gx_run import GxRun
from cmoe.quality.header import header_expectations, validate_header
from cmoe.quality.history import (
    Figures,
    band_parameters,
    empty_share_bands,
    empty_share_message,
    rows_band,
    rows_message,
)
from cmoe.quality.landed import LandedExtract
from cmoe.quality.messages import Checked, column_of, day
from cmoe.text import FEED_CSV_OPTIONS, sql_identifier, sql_literal

MIN_LISTED_CODE_SHARE = 0.99  # the share of marks whose code is in the attendance_codes seed

MARKS = "marks"
FEED_ROWS = "rows"
# What the summary measures of each feed column, in a column `<feed column>__<measure>`.
MEASURES = (NON_EMPTY_SHARE, NOT_LISTED, LISTED_SHARE, UNPARSEABLE, IMPLAUSIBLE, FIRST, LAST) = (
    "non_empty_share",
    "not_listed",
    "listed_share",
    "unparseable",
    "implausible",
    "first",
    "last",
)


def summary_column(column: str, measure: str) -> str:
    """The summary's column holding a measure of a feed column."""
    return f"{column}__{measure}"


def measured_columns(extract: ExtractDeclaration) -> dict[str, ColumnDeclaration]:
    """The feed column each summary column measures, by the summary column's name."""
    return {
        summary_column(column.name, measure): column for column in extract.columns for measure in MEASURES
    }


def _reader(files: list[Path], attendance_format: str) -> str:
    paths = "[" + ", ".join(sql_literal(path) for path in files) + "]"
    if attendance_format == "csv":
        return f"read_csv({paths}, {FEED_CSV_OPTIONS})"
    return f"read_parquet({paths})"


def grouped_sql(extract: ExtractDeclaration, files: list[Path], attendance_format: str) -> str:
    """The one scan: marks grouped by the listed and date columns, and by the other columns' blanks.

    A column that is neither listed nor a date (a UPN, a URN) is kept only
    where it may be blank: null, or text sorting before '!' (empty, or
    starting with a space), which Python then trims; elsewhere it is null.
    """
    selected = []
    for column in extract.columns:
        name = sql_identifier(column.name)
        if column.codes or column.values or column.type == "date":
            selected.append(f"cast({name} as varchar) as {name}")
        else:
            selected.append(
                f"case when {name} is null or {name} < '!' then coalesce({name}, '') end as {name}"
            )
    columns = ",\n    ".join(selected)
    source = _reader(files, attendance_format)
    return f"select\n    {columns},\n    count(*) as {MARKS}\nfrom {source}\ngroup by all"


def _blank(values: pd.Series, grouped: bool) -> pd.Series:
    """Which groups hold an empty value (null, or nothing but spaces)."""
    text = values.astype(object).where(values.notna(), None)
    stripped = text.map(lambda value: None if value is None else str(value).strip(), na_action="ignore")
    is_empty = stripped.isna() | (stripped == "") if grouped else stripped.notna() & (stripped == "")
    return is_empty.astype(bool)


def summarise(groups: pd.DataFrame, extract: ExtractDeclaration, extract_date: date) -> pd.DataFrame:
    """The feed's summary (one row) from the grouped marks."""
    weights = groups[MARKS].astype("int64")
    rows = int(weights.sum())
    summary: dict[str, object] = {FEED_ROWS: rows}
    for column in extract.columns:
        values = groups[column.name]
        grouped = bool(column.codes or column.values or column.type == "date")
        empty = _blank(values, grouped)
        filled = int(weights[~empty].sum())
        summary[summary_column(column.name, NON_EMPTY_SHARE)] = round(filled / rows, 6) if rows else None
        text = (
            values.astype(object)
            .where(~empty, None)
            .map(lambda value: str(value).strip(), na_action="ignore")
        )
        if column.values or column.codes:
            compared = text.str.upper() if column.compared_as_code else text
            listed = compared.isin(column.allowed) & ~empty
            if column.values:
                summary[summary_column(column.name, NOT_LISTED)] = filled - int(weights[listed].sum())
            else:
                share = int(weights[listed].sum()) / filled if filled else 1.0
                summary[summary_column(column.name, LISTED_SHARE)] = round(share, 6)
        if column.type == "date":
            summary.update(_date_summary(column.name, text, empty, weights, column.plausible, extract_date))
    return pd.DataFrame([summary])


def _date_summary(
    name: str, text: pd.Series, empty: pd.Series, weights: pd.Series, plausible: bool, extract_date: date
) -> dict[str, object]:
    days = parse_dates(text)
    parsed = days.notna()
    found: dict[str, object] = {summary_column(name, UNPARSEABLE): int(weights[~empty & ~parsed].sum())}
    known = days[parsed]
    found[summary_column(name, FIRST)] = min(known).isoformat() if len(known) else None
    found[summary_column(name, LAST)] = max(known).isoformat() if len(known) else None
    if plausible:
        low = date.fromisoformat(PLAUSIBLE_FROM)
        outside = parsed & days.map(lambda day: day is not None and not low <= day <= extract_date)
        found[summary_column(name, IMPLAUSIBLE)] = int(weights[outside.astype(bool)].sum())
    return found


def feed_summary(
    extract: ExtractDeclaration, files: list[Path], attendance_format: str, extract_date: date
) -> pd.DataFrame:
    """Scan the feed files once with DuckDB and summarise them (one row)."""
    with duckdb.connect() as connection:
        connection.execute("set enable_progress_bar = false")
        groups = connection.execute(grouped_sql(extract, files, attendance_format)).df()
    return summarise(groups, extract, extract_date)


# --- The checks, each with its message ------------------------------------------------------------------


@dataclass(frozen=True)
class FeedFacts:
    """What the messages of the feed's checks need besides the validation."""

    extract: ExtractDeclaration
    extract_date: date  # the latest of the feed files'
    summary: pd.Series  # the summary's one row
    previous: Figures | None  # the previous run's figures of the feed

    def measured(self, item: ExpectationValidationResult) -> ColumnDeclaration:
        """The feed column whose measure an expectation checked."""
        return measured_columns(self.extract)[column_of(item)]

    def value(self, item: ExpectationValidationResult) -> float:
        """The measure an expectation checked (a count of marks, or a share)."""
        return self.summary[column_of(item)]


def _has_rows(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    return f"{checked.label}: no session marks: the feed is empty"


def _rows_vs_previous(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    rows = int(checked.facts.summary[FEED_ROWS])
    return rows_message(checked.label, rows, "session marks", checked.facts.previous)


def _empty_share_vs_previous(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    name = checked.facts.measured(item).name
    return empty_share_message(checked.label, name, item.result, checked.facts.previous)


def _values(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    column = checked.facts.measured(item)
    allowed = " or ".join(column.values)
    count = checked.facts.value(item)
    return f"{checked.label}: {column.name}: {count:,} mark(s) with a {column.name} other than {allowed}"


def _codes(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    column = checked.facts.measured(item)
    minimum = item.expectation_config.kwargs["min_value"]
    return (
        f"{checked.label}: {column.name}: {1 - checked.facts.value(item):.2%} of marks are not codes of "
        f"{column.list_name} (at most {1 - minimum:.0%} expected; dbt lists them)"
    )


def _dates(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    name = checked.facts.measured(item).name
    return f"{checked.label}: {name}: {checked.facts.value(item):,} mark(s) with a date that does not parse"


def _plausible_dates(checked: Checked[FeedFacts], item: ExpectationValidationResult) -> str:
    facts = checked.facts
    name = facts.measured(item).name
    first, last = facts.summary[summary_column(name, FIRST)], facts.summary[summary_column(name, LAST)]
    return (
        f"{checked.label}: {name}: {facts.value(item):,} mark(s) dated before 01/01/2000 or after "
        f"the extract date {day(facts.extract_date)} (dates from {day(first)} to {day(last)})"
    )


# Every check of the summary is on one of its columns, a value between bounds.
_BETWEEN = gxe.ExpectColumnValuesToBeBetween
HAS_ROWS = Check("has_rows", _BETWEEN, CRITICAL, _has_rows)
ROWS_VS_PREVIOUS_RUN = Check("rows_vs_previous_run", _BETWEEN, WARNING, _rows_vs_previous, VS_PREVIOUS_RUN)
EMPTY_SHARE_VS_PREVIOUS_RUN = Check(
    "empty_share_vs_previous_run", _BETWEEN, WARNING, _empty_share_vs_previous, VS_PREVIOUS_RUN
)
FEED_VALUES = Check("feed_values", _BETWEEN, WARNING, _values)
FEED_CODES = Check("feed_codes", _BETWEEN, WARNING, _codes)
FEED_DATES = Check("feed_dates", _BETWEEN, WARNING, _dates)
FEED_PLAUSIBLE_DATES = Check("feed_plausible_dates", _BETWEEN, WARNING, _plausible_dates)
FEED_CHECKS = by_name(
    [
        HAS_ROWS,
        ROWS_VS_PREVIOUS_RUN,
        EMPTY_SHARE_VS_PREVIOUS_RUN,
        FEED_VALUES,
        FEED_CODES,
        FEED_DATES,
        FEED_PLAUSIBLE_DATES,
    ]
)


# --- The suite ------------------------------------------------------------------------------------------


def column_expectations(column: ColumnDeclaration) -> list[Expectation]:
    """What a feed column's declaration asks of the marks, as counts (or a share) in the summary."""
    name, found = column.name, []
    if column.values:
        what = f"{name}: every mark's {name} is {' or '.join(column.values)}"
        count = summary_column(name, NOT_LISTED)
        found.append(FEED_VALUES.expect(what, column=count, min_value=0, max_value=0))
    if column.codes:
        what = f"{name}: at least {MIN_LISTED_CODE_SHARE:.0%} of marks are codes of {column.list_name}"
        share = summary_column(name, LISTED_SHARE)
        found.append(FEED_CODES.expect(what, column=share, min_value=MIN_LISTED_CODE_SHARE))
    if column.type == "date":
        count = summary_column(name, UNPARSEABLE)
        found.append(FEED_DATES.expect(f"{name}: every date parses", column=count, min_value=0, max_value=0))
    if column.plausible:
        what = f"{name}: every date is between 01/01/2000 and the extract date"
        count = summary_column(name, IMPLAUSIBLE)
        found.append(FEED_PLAUSIBLE_DATES.expect(what, column=count, min_value=0, max_value=0))
    return found


def feed_suite(extract: ExtractDeclaration) -> gx.ExpectationSuite:
    """The attendance feed's suite: each file's header, then checks on the feed's summary (computed
    with DuckDB): file-level checks only."""
    expectations: list[Expectation] = [
        *header_expectations(extract),
        HAS_ROWS.expect("at least one session mark", column=FEED_ROWS, min_value=1),
        rows_band(ROWS_VS_PREVIOUS_RUN, "session marks", column=FEED_ROWS),
    ]
    for column in extract.columns:
        expectations.extend(column_expectations(column))
    names = [column.name for column in extract.columns]
    expectations.extend(
        empty_share_bands(
            EMPTY_SHARE_VS_PREVIOUS_RUN, names, lambda name: summary_column(name, NON_EMPTY_SHARE)
        )
    )
    return suite(extract.table, "feed", expectations, system=extract.system)


# --- Validating the feed --------------------------------------------------------------------------------


def validate_feed(
    run: GxRun, files: list[LandedExtract], attendance_format: str, previous: Figures | None
) -> tuple[list[Checked], Figures | None]:
    """Validate each feed file's header, then the feed's summary (all its files together, as dbt reads
    them); figures None when a header blocks, and the summary is not computed."""
    headers = [validate_header(run, landed) for landed in files]
    if any(header.blocks() for header in headers):
        return headers, None
    extract = files[0].extract
    extract_date = max(landed.extract_date for landed in files)
    summary = feed_summary(extract, [landed.path for landed in files], attendance_format, extract_date)
    label = files[0].label if len(files) == 1 else f"{extract.system}/{extract.table} ({len(files)} files)"
    batch = f"{extract.table}_summary"
    facts = FeedFacts(extract, extract_date, summary.iloc[0], previous)
    parts = run.suites(extract.table)
    checks, comparisons = parts.checks, parts.comparisons
    result = run.validate(checks, batch, summary)
    checked = [*headers, Checked(label, checks.name, batch, result, summary, FEED_CHECKS, facts)]
    if previous is not None:
        parameters = band_parameters(previous, [column.name for column in extract.columns])
        result = run.validate(comparisons, batch, summary, parameters)
        checked.append(Checked(label, comparisons.name, batch, result, summary, FEED_CHECKS, facts))
    shares = {
        column.name: facts.summary[summary_column(column.name, NON_EMPTY_SHARE)] for column in extract.columns
    }
    source_files = ";".join(landed.source_file for landed in files)
    rows = int(facts.summary[FEED_ROWS])
    return checked, Figures(source_files, extract_date.isoformat(), rows, shares)
