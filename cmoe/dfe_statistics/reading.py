"""Reading an EES file: its markers kept cell by cell, identifiers as text, numbers as numbers.

Where the DfE files are (`reference_dir`), and what every reader of them
shares: the error that names a file, the academic year of a time_period.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from cmoe.paths import PROJECT_DIR
from cmoe.text import listed

# EES markers and what each means (EES open data standards). A marked cell is
# missing as a number, but not as information: `low` is not 0, `z` is not `x`.
MARKERS: dict[str, str] = {
    "x": "unavailable or suppressed",
    "z": "not applicable",
    "c": "confidential",
    "low": "rounds to 0 but is not 0",
    # Releases before EES marked a rate with no pupils to divide by with "." (later z).
    ".": "not applicable (older releases)",
    "": "empty",
}

# Older releases' names for the standard columns (the exclusions timeseries before EES: `year`,
# `level`, `school_type`); renamed on reading, so that every file speaks EES.
COLUMN_ALIASES: dict[str, str] = {
    "year": "time_period",
    "level": "geographic_level",
    "school_type": "education_phase",
}

# Identifier columns stay text even when they look like numbers (202526, old LA code 211).
GEOGRAPHY_TIME_COLUMNS: tuple[str, ...] = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "la_name",
    "old_la_code",
    "education_phase",
)

REFERENCE_DIR_VARIABLE = "CMOE_DFE_REFERENCE_DIR"

# The example benchmarks shipped with the project (DfE files, see its README); an analyst adds
# downloaded files here or replaces these (a workspace's own benchmarks/dfe/ is read instead).
BENCHMARKS_DIR = PROJECT_DIR / "benchmarks" / "dfe"

ATTENDANCE_YTD_2025_26 = "attendance_la_ytd_2025_26.csv"


class DfeFileError(ValueError):
    """A DfE file this package cannot read as it is; the message names the file and what is wrong."""


def reference_dir() -> Path:
    """Where the DfE reference files are: $CMOE_DFE_REFERENCE_DIR, else the shipped benchmarks/dfe."""
    override = os.environ.get(REFERENCE_DIR_VARIABLE)
    return Path(override) if override else BENCHMARKS_DIR


@dataclass(frozen=True)
class EesTable:
    """An EES CSV: `values` with numeric columns as float (NaN where marked), `markers` beside it.

    `markers` has the same index and the numeric columns of `values`; a cell
    holds the marker found there ("x", "z", "c", "low", or "" for an empty
    cell) or <NA> where the file had a number. Text columns are kept verbatim.
    """

    path: Path
    values: pd.DataFrame
    markers: pd.DataFrame

    @property
    def numeric_columns(self) -> tuple[str, ...]:
        return tuple(self.markers.columns)

    def marked(self, column: str, marker: str | None = None) -> pd.Series:
        """Whether each row's cell in `column` held a marker (`marker` alone, if given)."""
        found = self.markers[column]
        return found.notna() if marker is None else found.eq(marker).fillna(False).astype(bool)


def read_ees_csv(path: Path | str) -> EesTable:
    """Read an EES CSV with every column as text, then convert the numeric columns.

    A column is numeric when it is not an identifier (the geography and time
    columns, any `*_code` or `*_name`) and every cell is a number or a marker.
    A column mixing numbers with other text stays text; `read_attendance`
    then rejects it if it is a sessions column.
    """
    path = Path(path)
    try:
        # utf-8-sig: files saved from Excel start with a byte order mark.
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DfeFileError(f"{path}: cannot be read as a CSV: {error}") from error
    raw.columns = [column.strip().lower() for column in raw.columns]
    raw = raw.rename(columns={old: new for old, new in COLUMN_ALIASES.items() if new not in raw.columns})
    values = raw.copy()
    markers: dict[str, pd.Series] = {}
    for column in raw.columns:
        if _is_identifier(column):
            continue
        converted = _numeric_column(raw[column])
        if converted is not None:
            values[column], markers[column] = converted
    marker_frame = pd.DataFrame(markers, index=raw.index, columns=list(markers), dtype="string")
    return EesTable(path, values, marker_frame)


def _is_identifier(column: str) -> bool:
    return column in GEOGRAPHY_TIME_COLUMNS or column.endswith(("_code", "_name"))


def _numeric_column(text: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """(numbers, markers) for a column of numbers and markers; None if anything else is there."""
    normal = text.str.strip().str.lower()
    is_marker = normal.isin(MARKERS)
    numbers = pd.to_numeric(normal.where(~is_marker), errors="coerce")
    if (numbers.isna() & ~is_marker).any():
        return None
    return numbers.astype("float64"), normal.where(is_marker).astype("string")


def require_numeric(table: EesTable, columns: list[str]) -> None:
    for column in columns:
        if column in table.numeric_columns:
            continue
        text = table.values[column].astype(str).str.strip().str.lower()
        bad = text[pd.to_numeric(text, errors="coerce").isna() & ~text.isin(MARKERS)]
        raise DfeFileError(
            f"{table.path}: column {column} holds text that is neither a number nor an EES marker "
            f"(rows {listed(list(bad.index))}: {listed(list(bad.unique()))})"
        )


def academic_year_start(time_period: str) -> date:
    """1 September of an EES academic-year period ('202526' -> 2025-09-01)."""
    text = str(time_period).strip()
    if not re.fullmatch(r"\d{6}", text) or (int(text[:4]) + 1) % 100 != int(text[4:]):
        raise ValueError(f"not an academic year time_period (such as 202526): {time_period!r}")
    return date(int(text[:4]), 9, 1)
