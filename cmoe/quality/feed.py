"""The attendance feed's summary, computed with DuckDB: tens of millions of marks never go into pandas.

One scan groups the marks by the columns with few distinct values (session,
mark, date) and by whether each other column is blank; everything the feed's
suite checks is then computed from those few thousand groups: the marks, each
column's share of non-empty values, sessions off the list, dates that do not
parse or are implausible, and the share of marks whose code is in the seed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from cmoe.quality.declarations import ExtractDeclaration
from cmoe.quality.gx_expectations import parse_dates
from cmoe.quality.suites import FEED_ROWS, PLAUSIBLE_FROM, feed_column
from cmoe.text import FEED_CSV_OPTIONS, sql_identifier, sql_literal

MARKS = "marks"


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
        summary[feed_column(column.name, "non_empty_share")] = round(filled / rows, 6) if rows else None
        text = (
            values.astype(object)
            .where(~empty, None)
            .map(lambda value: str(value).strip(), na_action="ignore")
        )
        if column.values or column.codes:
            compared = text.str.upper() if column.compared_as_code else text
            listed = compared.isin(column.allowed) & ~empty
            if column.values:
                summary[feed_column(column.name, "not_listed")] = filled - int(weights[listed].sum())
            else:
                share = int(weights[listed].sum()) / filled if filled else 1.0
                summary[feed_column(column.name, "listed_share")] = round(share, 6)
        if column.type == "date":
            summary.update(_date_summary(column.name, text, empty, weights, column.plausible, extract_date))
    return pd.DataFrame([summary])


def _date_summary(
    name: str, text: pd.Series, empty: pd.Series, weights: pd.Series, plausible: bool, extract_date: date
) -> dict[str, object]:
    days = parse_dates(text)
    parsed = days.notna()
    found: dict[str, object] = {feed_column(name, "unparseable"): int(weights[~empty & ~parsed].sum())}
    known = days[parsed]
    found[feed_column(name, "first")] = min(known).isoformat() if len(known) else None
    found[feed_column(name, "last")] = max(known).isoformat() if len(known) else None
    if plausible:
        low = date.fromisoformat(PLAUSIBLE_FROM)
        outside = parsed & days.map(lambda day: day is not None and not low <= day <= extract_date)
        found[feed_column(name, "implausible")] = int(weights[outside.astype(bool)].sum())
    return found


def feed_summary(
    extract: ExtractDeclaration, files: list[Path], attendance_format: str, extract_date: date
) -> pd.DataFrame:
    """Scan the feed files once with DuckDB and summarise them (one row)."""
    with duckdb.connect() as connection:
        connection.execute("set enable_progress_bar = false")
        groups = connection.execute(grouped_sql(extract, files, attendance_format)).df()
    return summarise(groups, extract, extract_date)
