"""DfE's LA-level statistics (exclusions, attendance) as benchmarks: one tidy table of every figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cmoe.dfe_statistics.attendance import DEFAULT_EDUCATION_PHASE
from cmoe.dfe_statistics.reading import (
    BENCHMARKS_DIR,
    DfeFileError,
    EesTable,
    academic_year_start,
    read_ees_csv,
    require_numeric,
)
from cmoe.text import listed

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
    require_numeric(table, [column for _, column in measures])
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
