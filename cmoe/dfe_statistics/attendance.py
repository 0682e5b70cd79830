"""DfE attendance files: sessions by attendance code, each column mapped to its code by its name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from cmoe.dfe_statistics.reading import (
    GEOGRAPHY_TIME_COLUMNS,
    DfeFileError,
    academic_year_start,
    read_ees_csv,
    require_numeric,
)
from cmoe.text import listed

# The category totals: each is the sum of its codes' columns (see the tests).
CATEGORY_TOTALS: dict[str, str] = {
    "present": "present_sessions",
    "approved_educational_activity": "approved_educational_activity",
    "authorised_absence": "authorised_absence",
    "unauthorised_absence": "unauthorised_absence",
}

REQUIRED_ATTENDANCE_COLUMNS: tuple[str, ...] = (
    "time_period",
    "geographic_level",
    "possible_sessions",
    *CATEGORY_TOTALS.values(),
)

# Files before phase breakdowns hold all phases in one row.
DEFAULT_EDUCATION_PHASE = "Total"

PRESENT_AM, PRESENT_PM = "/", "\\"

_PRESENT_COLUMN = re.compile(r"^reason_present(?:_(am|pm))?$")

_CODE_COLUMN = re.compile(r"^reason_([a-z][0-9]?)_([a-z0-9_]+)$")

_REASON_COLUMN = re.compile(r"^reason_")

# Words DfE puts after the code in a column name, as seed categories.
_NAME_CATEGORIES: dict[str, str] = {
    "present": "present",
    "aea": "approved_educational_activity",
    "authorised": "authorised_absence",
    "unauthorised": "unauthorised_absence",
}


@dataclass(frozen=True)
class CodeColumn:
    """A `reason_*` column and the attendance code(s) whose sessions it holds.

    `codes` has one code, or both present marks for `reason_present`.
    `name_category` is the category the column's name states (as a seed
    category), or None where the name states none (reason_n_no_reason_yet).
    """

    column: str
    codes: tuple[str, ...]
    name_category: str | None


def parse_code_column(column: str) -> CodeColumn | None:
    """The codes a `reason_*` column holds, read from its name; None if the name is not one."""
    name = column.strip().lower()
    present = _PRESENT_COLUMN.match(name)
    if present:
        half = present.group(1)
        codes = {"am": (PRESENT_AM,), "pm": (PRESENT_PM,), None: (PRESENT_AM, PRESENT_PM)}[half]
        return CodeColumn(column, codes, "present")
    coded = _CODE_COLUMN.match(name)
    if coded is None:
        return None
    words = coded.group(2).split("_")
    stated = next((_NAME_CATEGORIES[word] for word in words if word in _NAME_CATEGORIES), None)
    return CodeColumn(column, (coded.group(1).upper(),), stated)


@dataclass(frozen=True)
class AttendanceFile:
    """A DfE attendance file: the wide frame, its markers, and which column holds which code.

    `values` is the file's wide frame (numeric columns as float, education_phase
    'Total' where the file has none); `markers` as in `EesTable`.
    `breakdown` holds one column per code, the finest the file has: when it has
    reason_present_am and _pm, reason_present (their sum) is in `subtotals`.
    `unmapped_columns` are `reason_*` columns whose name gives no code.
    """

    path: Path
    values: pd.DataFrame
    markers: pd.DataFrame
    breakdown: tuple[CodeColumn, ...]
    subtotals: tuple[CodeColumn, ...]
    unmapped_columns: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for column in self.breakdown for code in column.codes)

    def column_for(self, code: str) -> str:
        """The column holding `code`'s sessions (KeyError if the file does not break it out)."""
        for column in self.breakdown:
            if code in column.codes:
                return column.column
        raise KeyError(f"{self.path}: no column for attendance code {code!r}")

    def period_start(self) -> date:
        """The first day of the file's period (all rows share one; see `academic_year_start`)."""
        periods = sorted(self.values["time_period"].unique())
        if len(periods) != 1:
            raise DfeFileError(f"{self.path}: not one time_period but {len(periods)} ({listed(periods)})")
        try:
            return academic_year_start(periods[0])
        except ValueError as error:
            raise DfeFileError(f"{self.path}: {error}") from error

    def long(self) -> pd.DataFrame:
        """One row per file row and code column of `breakdown`, with its sessions and marker.

        Columns: row (the file row's index), the geography and time columns the
        file has, column, attendance_code (a column holding both present marks
        gives "/ \\"), sessions (NaN where marked), marker.
        """
        keys = [column for column in GEOGRAPHY_TIME_COLUMNS if column in self.values.columns]
        parts = []
        for code_column in self.breakdown:
            part = self.values[keys].copy()
            part.insert(0, "row", self.values.index)
            part["column"] = code_column.column
            part["attendance_code"] = " ".join(code_column.codes)
            part["sessions"] = self.values[code_column.column]
            part["marker"] = self.markers[code_column.column]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)


def read_attendance(path: Path | str) -> AttendanceFile:
    """Read a DfE attendance file in EES format (the reference copy or a live download).

    Raises DfeFileError naming the file when a required column
    (`REQUIRED_ATTENDANCE_COLUMNS`) is absent, when a sessions column holds
    text that is neither a number nor a marker, or when two columns hold the
    same code.
    """
    table = read_ees_csv(path)
    missing = [column for column in REQUIRED_ATTENDANCE_COLUMNS if column not in table.values.columns]
    if missing:
        raise DfeFileError(f"{table.path}: required column(s) missing: {', '.join(missing)}")
    values = table.values
    if "education_phase" not in values.columns:
        values = values.copy()
        values.insert(_phase_position(values), "education_phase", DEFAULT_EDUCATION_PHASE)
    parsed = [
        (column, parse_code_column(column)) for column in values.columns if _REASON_COLUMN.match(column)
    ]
    code_columns = [code_column for _, code_column in parsed if code_column is not None]
    unmapped = tuple(column for column, code_column in parsed if code_column is None)
    sessions = [*REQUIRED_ATTENDANCE_COLUMNS[2:], *(code_column.column for code_column in code_columns)]
    require_numeric(table, sessions)
    breakdown, subtotals = _split_subtotals(table.path, code_columns)
    return AttendanceFile(table.path, values, table.markers, breakdown, subtotals, unmapped)


def _phase_position(values: pd.DataFrame) -> int:
    """Where education_phase goes: after the last geography column the file has, as in later files."""
    geography = [values.columns.get_loc(column) for column in GEOGRAPHY_TIME_COLUMNS if column in values]
    return max(geography, default=-1) + 1


def _split_subtotals(
    path: Path, code_columns: list[CodeColumn]
) -> tuple[tuple[CodeColumn, ...], tuple[CodeColumn, ...]]:
    """(breakdown, subtotals): a column whose codes other single-code columns all hold is a subtotal."""
    single = {column.codes[0] for column in code_columns if len(column.codes) == 1}
    subtotals = tuple(c for c in code_columns if len(c.codes) > 1 and set(c.codes) <= single)
    breakdown = tuple(c for c in code_columns if c not in subtotals)
    seen: dict[str, str] = {}
    for code_column in breakdown:
        for code in code_column.codes:
            if code in seen:
                raise DfeFileError(
                    f"{path}: columns {seen[code]} and {code_column.column} both hold code {code}"
                )
            seen[code] = code_column.column
    return breakdown, subtotals
