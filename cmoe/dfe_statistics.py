"""Read DfE attendance statistics published on explore-education-statistics (EES).

The project checks its own attendance definitions, and sets the default
scenario's attendance profile, against figures DfE published rather than
figures it computed itself. This module reads those files: the copies in
copies shipped in `benchmarks/dfe/` (see `reference_dir`) and the live files an analyst
downloads from EES, whose column names change between releases.

EES conventions followed (EES guidance on open data standards; the
attendance-data-dashboard's `EES_ytd_data.csv`):

- One CSV per data set, with the standard geography and time columns
  (`time_period` such as 202526, `time_identifier`, `geographic_level`,
  `country_code`, `region_code`, `new_la_code`, `la_name`, `old_la_code`) and
  filter columns (here `education_phase`; older attendance files have none and
  hold totals only, so it is read as 'Total').
- A cell that cannot hold a number holds a marker: `x` unavailable or
  suppressed, `z` not applicable, `c` confidential, `low` rounds to 0 but is
  not 0. `read_ees_csv` turns each into a missing value and keeps the marker,
  cell by cell, in a companion frame (`EesTable.markers`); an empty cell is
  kept there as "".
- Sessions by attendance code are in columns `reason_<code>_<category>_<words>`
  (reason_i_authorised_illness, reason_k_aea_education_arranged_by_la), and
  the present marks in `reason_present`, `reason_present_am` (/) and
  `reason_present_pm` (\\). Names differ between releases
  (reason_t_authorised_traveller before the 2024 code set,
  reason_t_authorised_mobile_child after), so a column is mapped to its code
  by parsing its name, not by a list of full names.

Which total a code belongs to is the attendance-code seed's decision
(seeds/reference/attendance_codes.csv, see `code_on`), not the file's: the
category word in a column's name is kept only so that a test can report where
the two disagree.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from cmoe.paths import PROJECT_DIR, REFERENCE_SEEDS_DIR
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

ATTENDANCE_CODES_SEED = REFERENCE_SEEDS_DIR / "attendance_codes.csv"
REFERENCE_DIR_VARIABLE = "CMOE_DFE_REFERENCE_DIR"
ATTENDANCE_YTD_2025_26 = "attendance_la_ytd_2025_26.csv"


class DfeFileError(ValueError):
    """A DfE file this module cannot read as it is; the message names the file and what is wrong."""


def reference_dir() -> Path:
    """Where the DfE reference files are: $CMOE_DFE_REFERENCE_DIR, else the shipped benchmarks/dfe."""
    override = os.environ.get(REFERENCE_DIR_VARIABLE)
    return Path(override) if override else BENCHMARKS_DIR


# --- EES files in general -------------------------------------------------------------------------


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


# --- Attendance code columns ----------------------------------------------------------------------


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
    _require_numeric(table, sessions)
    breakdown, subtotals = _split_subtotals(table.path, code_columns)
    return AttendanceFile(table.path, values, table.markers, breakdown, subtotals, unmapped)


def _phase_position(values: pd.DataFrame) -> int:
    """Where education_phase goes: after the last geography column the file has, as in later files."""
    geography = [values.columns.get_loc(column) for column in GEOGRAPHY_TIME_COLUMNS if column in values]
    return max(geography, default=-1) + 1


def _require_numeric(table: EesTable, columns: list[str]) -> None:
    for column in columns:
        if column in table.numeric_columns:
            continue
        text = table.values[column].astype(str).str.strip().str.lower()
        bad = text[pd.to_numeric(text, errors="coerce").isna() & ~text.isin(MARKERS)]
        raise DfeFileError(
            f"{table.path}: column {column} holds text that is neither a number nor an EES marker "
            f"(rows {listed(list(bad.index))}: {listed(list(bad.unique()))})"
        )


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


def academic_year_start(time_period: str) -> date:
    """1 September of an EES academic-year period ('202526' -> 2025-09-01)."""
    text = str(time_period).strip()
    if not re.fullmatch(r"\d{6}", text) or (int(text[:4]) + 1) % 100 != int(text[4:]):
        raise ValueError(f"not an academic year time_period (such as 202526): {time_period!r}")
    return date(int(text[:4]), 9, 1)


# --- The attendance-code seed ---------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceCode:
    """One row of the attendance-code seed: a code as one code set defined it."""

    attendance_code: str
    code_set: str
    category: str
    counts_as_possible: bool
    valid_from: date
    valid_to: date | None

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def load_attendance_codes(path: Path = ATTENDANCE_CODES_SEED) -> tuple[AttendanceCode, ...]:
    """The seed's rows (seeds/reference/attendance_codes.csv unless told)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            AttendanceCode(
                attendance_code=row["attendance_code"],
                code_set=row["code_set"],
                category=row["category"],
                counts_as_possible=row["counts_as_possible"] == "true",
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
            )
            for row in csv.DictReader(handle)
        )


def code_on(codes: tuple[AttendanceCode, ...], code: str, day: date) -> AttendanceCode:
    """The seed row that decides `code`'s category on `day`.

    The row valid that day; for a code not valid then (H or J after the 2024
    code set replaced them, still published as legacy columns) the latest row
    for it, i.e. the code set it last belonged to. KeyError if the seed never
    lists the code.
    """
    rows = [row for row in codes if row.attendance_code == code]
    if not rows:
        raise KeyError(f"attendance code {code!r} is in no code set of the seed")
    valid = [row for row in rows if row.is_valid_on(day)]
    return max(valid or rows, key=lambda row: row.valid_from)


# --- An LA's attendance profile -------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceProfile:
    """One row of a DfE attendance file as shares of possible sessions (0 to 1).

    `present` includes late before registers closed (L). The four categories
    sum to 1. `pa_perc` is as published: the percentage (0 to 100) of
    enrolments persistently absent (missing 10% or more of their sessions).
    """

    new_la_code: str
    la_name: str
    time_period: str
    education_phase: str
    possible_sessions: int
    present: float
    approved_educational_activity: float
    authorised_absence: float
    illness: float
    unauthorised_absence: float
    pa_perc: float


def la_profile(
    attendance: AttendanceFile, new_la_code: str, education_phase: str = DEFAULT_EDUCATION_PHASE
) -> AttendanceProfile:
    """An LA's profile (such as Wiltshire, E06000054, phase Total) from its one row in the file."""
    values = attendance.values
    if "new_la_code" not in values.columns:
        raise DfeFileError(f"{attendance.path}: no new_la_code column to find LA {new_la_code} by")
    rows = values.index[
        (values["new_la_code"] == new_la_code) & (values["education_phase"] == education_phase)
    ]
    if len(rows) != 1:
        raise DfeFileError(
            f"{attendance.path}: {len(rows)} rows for LA {new_la_code}, phase {education_phase} (expected 1)"
        )
    row = rows[0]
    if "pa_perc" not in attendance.markers.columns:
        raise DfeFileError(f"{attendance.path}: no numeric pa_perc column for a profile")
    illness = attendance.column_for("I")
    needed = ["possible_sessions", *CATEGORY_TOTALS.values(), illness, "pa_perc"]
    marked = [column for column in needed if pd.notna(attendance.markers.at[row, column])]
    if marked:
        raise DfeFileError(
            f"{attendance.path}: LA {new_la_code}, phase {education_phase}: "
            f"marked, not a number: {', '.join(marked)}"
        )
    possible = values.at[row, "possible_sessions"]

    def share(column: str) -> float:
        return float(values.at[row, column] / possible)

    return AttendanceProfile(
        new_la_code=new_la_code,
        la_name=str(values.at[row, "la_name"]) if "la_name" in values.columns else "",
        time_period=str(values.at[row, "time_period"]),
        education_phase=education_phase,
        possible_sessions=int(possible),
        present=share("present_sessions"),
        approved_educational_activity=share("approved_educational_activity"),
        authorised_absence=share("authorised_absence"),
        illness=share(illness),
        unauthorised_absence=share("unauthorised_absence"),
        pa_perc=float(values.at[row, "pa_perc"]),
    )


# --- LA-level statistics as benchmarks ------------------------------------------------------------

# The example benchmarks shipped with the project (DfE files, see its README); an analyst adds
# downloaded files here or replaces these (a workspace's own benchmarks/dfe/ is read instead).
BENCHMARKS_DIR = PROJECT_DIR / "benchmarks" / "dfe"
# Where the landing step writes the tidy table dbt reads (source dfe.benchmark_statistics).
LANDED_BENCHMARKS = Path("benchmarks") / "dfe_statistics.csv"

# The geographic levels kept (an LA-level file's); a file's other levels are left out.
GEOGRAPHIC_LEVELS: dict[str, str] = {
    "national": "National",
    "regional": "Regional",
    "region": "Regional",
    "local authority": "Local authority",
}
# An EES file's geography columns, as the tidy table keeps them.
_GEOGRAPHY_COLUMNS: tuple[str, ...] = (
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
BENCHMARK_COLUMNS: tuple[str, ...] = (
    *("source_file", "source_line", "publication", "time_period", "academic_year_start", "geographic_level"),
    *_GEOGRAPHY_COLUMNS,
    *("education_phase", "measure", "unit", "value", "marker"),
)


@dataclass(frozen=True)
class Measure:
    """A published figure: its name here, the file's column for it by release (first found read)."""

    name: str
    columns: tuple[str, ...]
    unit: str  # percent (a rate per 100) or count


@dataclass(frozen=True)
class Publication:
    """A kind of DfE file, known by its columns: the measures it gives and those it must have."""

    name: str
    measures: tuple[Measure, ...]
    required: tuple[str, ...]  # measure names a file must give to be of this kind
    rate_suffix: str | None = None  # any other column ending so is a rate too, named <stem>_per_100

    def requirements(self) -> dict[str, tuple[str, ...]]:
        """What a file must have, by name, with the column names that give it."""
        by_name = {measure.name: measure.columns for measure in self.measures}
        return {
            "time_period": ("time_period", "year"),
            "geographic_level": ("geographic_level", "level"),
            **{name: by_name[name] for name in self.required},
        }


EXCLUSIONS = Publication(
    "exclusions",
    (
        Measure("headcount", ("headcount",), "count"),
        Measure("permanent_exclusions", ("perm_excl",), "count"),
        Measure("permanent_exclusions_per_100", ("perm_excl_rate",), "percent"),
        Measure("suspensions", ("suspension", "fixed_excl"), "count"),
        Measure("suspensions_per_100", ("susp_rate", "fixed_excl_rate"), "percent"),
        Measure("pupils_with_one_or_more_suspension", ("one_plus_susp", "one_plus_fixed"), "count"),
        Measure(
            "one_or_more_suspensions_per_100",
            ("one_plus_susp_rate", "one_plus_fixed_rate", "one_or_more_fixed_excl_rate"),
            "percent",
        ),
    ),
    required=("headcount", "permanent_exclusions_per_100", "suspensions_per_100"),
)
ATTENDANCE = Publication(
    "attendance",
    (
        Measure("overall_absence_per_100", ("overall_absence_perc", "sess_overall_percent"), "percent"),
        Measure("persistent_absence_per_100", ("pa_perc", "enrolments_pa_10_exact_percent"), "percent"),
        Measure(
            "authorised_absence_per_100", ("authorised_absence_perc", "sess_authorised_percent"), "percent"
        ),
        Measure(
            "unauthorised_absence_per_100",
            ("unauthorised_absence_perc", "sess_unauthorised_percent"),
            "percent",
        ),
        Measure("attendance_per_100", ("attendance_perc",), "percent"),
    ),
    required=("overall_absence_per_100", "persistent_absence_per_100"),
    rate_suffix="_perc",
)
PUBLICATIONS: tuple[Publication, ...] = (EXCLUSIONS, ATTENDANCE)


def _line_error(path: Path, line: int, what: str) -> DfeFileError:
    return DfeFileError(f"{path}: line {line}: {what}")


def publication_of(table: EesTable) -> Publication:
    """The kind of file `table` is, from its columns; DfeFileError naming what each kind lacks."""
    columns = set(table.values.columns)
    lacking = {
        publication.name: [
            "/".join(names)
            for names in publication.requirements().values()
            if not columns.intersection(names)
        ]
        for publication in PUBLICATIONS
    }
    known = [publication for publication in PUBLICATIONS if not lacking[publication.name]]
    if len(known) == 1:
        return known[0]
    if known:
        kinds = listed([publication.name for publication in known])
        raise DfeFileError(f"{table.path}: has the columns of more than one kind ({kinds})")
    lacks = "; ".join(f"as {name} it lacks {', '.join(missing)}" for name, missing in lacking.items())
    raise DfeFileError(f"{table.path}: not a DfE LA-level exclusions or attendance file: {lacks}")


def _measure_columns(publication: Publication, table: EesTable) -> list[tuple[Measure, str]]:
    """(measure, the file's column) for every measure the file gives."""
    found = []
    for measure in publication.measures:
        column = next((name for name in measure.columns if name in table.values.columns), None)
        if column is not None:
            found.append((measure, column))
    if publication.rate_suffix:
        taken = {column for _, column in found}
        for column in table.values.columns:
            if column.endswith(publication.rate_suffix) and column not in taken:
                stem = column.removesuffix(publication.rate_suffix)
                found.append((Measure(f"{stem}_per_100", (column,), "percent"), column))
    return found


def _geography(path: Path, values: pd.DataFrame) -> pd.DataFrame:
    """The rows at the levels kept, with EES geography columns; older files' names moved into them.

    Files before EES name every row in `la_name` (England, the region): those
    names go to country_name or region_name. An academic year that is not one
    (such as 2025 for a calendar year) is an error naming its line.
    """
    frame = pd.DataFrame(index=values.index)
    frame["source_line"] = values.index + 2  # the header is line 1
    for column in ("time_period", *_GEOGRAPHY_COLUMNS, "education_phase"):
        frame[column] = values[column].str.strip() if column in values.columns else ""
    frame.loc[frame["education_phase"] == "", "education_phase"] = DEFAULT_EDUCATION_PHASE
    level = values["geographic_level"].str.strip().str.lower().map(GEOGRAPHIC_LEVELS)
    frame["geographic_level"] = level
    frame = frame[level.notna()].copy()
    for named_level, column in (("National", "country_name"), ("Regional", "region_name")):
        moved = (frame["geographic_level"] == named_level) & (frame[column] == "")
        frame.loc[moved, column] = frame.loc[moved, "la_name"]
        frame.loc[moved, "la_name"] = ""
    starts = []
    for index, period in frame["time_period"].items():
        try:
            starts.append(academic_year_start(period).year)
        except ValueError as error:
            raise _line_error(path, int(frame.at[index, "source_line"]), str(error)) from error
    frame.insert(1, "academic_year_start", starts)
    return frame


def read_benchmark(path: Path | str) -> pd.DataFrame:
    """One DfE LA-level file in EES format as a tidy frame (BENCHMARK_COLUMNS).

    One row per file row at the national, regional or LA level and measure,
    with its value (NaN where marked) and marker ("" for a number). The kind
    of file comes from its columns (`publication_of`), each measure from
    the column its release names it by (`Measure.columns`). DfeFileError
    names the file, and the line where one is at fault.
    """
    table = read_ees_csv(path)
    publication = publication_of(table)
    measures = _measure_columns(publication, table)
    _require_numeric(table, [column for _, column in measures])
    geography = _geography(table.path, table.values)
    parts = []
    for measure, column in measures:
        part = geography.copy()
        part["measure"] = measure.name
        part["unit"] = measure.unit
        part["value"] = table.values.loc[geography.index, column]
        part["marker"] = table.markers.loc[geography.index, column].fillna("").astype(str)
        parts.append(part)
    tidy = pd.concat(parts, ignore_index=True)
    tidy["source_file"] = table.path.name
    tidy["publication"] = publication.name
    return tidy[list(BENCHMARK_COLUMNS)]


def combine_benchmarks(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Several files' tidy frames as one: where files of one kind cover the same academic year,
    the file reaching the latest year gives it (a later release revises earlier years).

    Two files of one kind that cover a year and reach the same latest year are
    an error naming both: keep one of them.
    """
    if not frames:
        return pd.DataFrame(columns=list(BENCHMARK_COLUMNS))
    tidy = pd.concat(frames, ignore_index=True)
    years = tidy.groupby(["publication", "source_file"])["academic_year_start"]
    files = years.agg(["min", "max"]).reset_index()
    chosen = []
    for (publication, year), covering in _coverage(files).groupby(["publication", "year"]):
        latest = covering[covering["max"] == covering["max"].max()]
        if len(latest) > 1:
            raise DfeFileError(
                f"{listed(sorted(latest['source_file']))}: both give {publication} for "
                f"{year}/{(year + 1) % 100:02d} up to the same latest year: keep one of them"
            )
        chosen.append((publication, year, latest["source_file"].iloc[0]))
    keep = pd.DataFrame(chosen, columns=["publication", "academic_year_start", "source_file"])
    return tidy.merge(keep, on=list(keep.columns))[list(BENCHMARK_COLUMNS)]


def _coverage(files: pd.DataFrame) -> pd.DataFrame:
    """One row per file and academic year between its first and its last."""
    rows = [
        (row.publication, row.source_file, year, row.max)
        for row in files.itertuples(index=False)
        for year in range(row.min, row.max + 1)
    ]
    return pd.DataFrame(rows, columns=["publication", "source_file", "year", "max"])


def benchmark_files(folder: Path) -> list[Path]:
    """The CSV files of a benchmarks folder, by name (the licences and README beside them are not read)."""
    return sorted(path for path in folder.glob("*.csv") if path.is_file())


def read_benchmarks(folder: Path = BENCHMARKS_DIR) -> pd.DataFrame:
    """Every DfE file in `folder` (the shipped examples unless told), tidy and combined."""
    return combine_benchmarks([read_benchmark(path) for path in benchmark_files(folder)])
