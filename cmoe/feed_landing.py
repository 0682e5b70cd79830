"""Land the attendance feed: each raw file once, as Parquet partitioned by academic year and month.

The feed arrives as `landing/attendance/session_marks_<yyyymmdd>.parquet` (or
`.csv`), tens of millions of rows. DuckDB writes each raw file, file by file,
into the feed's landed folder:

    <landed_root>/attendance/academic_year=<yyyy>/month=<mm>/session_marks_<yyyymmdd>.parquet

one file per raw file and partition. The academic year is named by the year
of the 1 September that starts it, the month (01-12) is the attendance
date's; a row whose date does not read as one (a CSV date neither dd/mm/yyyy
nor ISO, as staging's parse_uk_date reads it) lands in
`academic_year=unknown/month=unknown`, and staging raises its issue as for any
other row. A raw file of no rows lands as one empty file there, so that every
raw file has a landed file and the feed's columns are always there to read.

Each landed file's rows are sorted by pupil UPN, date and session, and carry
where they came from: `source_file`, the raw file's name, and `source_line`,
the row's line there as staging numbered it reading the raw file in place (a
Parquet row number + 1; a CSV record's number + 1, the header being line 1).
The contract's columns follow, as they arrived: a Parquet file's types kept, a
CSV file's columns all text; a contract column the file lacks is null (the
arrival checks stop the run on it).

Landing is incremental. `_manifest.json`, in the feed's landed folder, lists
each raw file landed (size, modification time, SHA-256, the columns read) with
its partition files and their rows:

- a raw file as recorded (the same size and modification time, or the same
  content) is not read again;
- a new raw file (a new day's extract) adds its own partition files, a changed
  one replaces its own; nothing else is touched;
- a raw file gone from the landing folder has its partition files removed.

Each partition file is written in a scratch folder inside the landed folder,
then renamed into place; a raw file's entry is taken out of the manifest
before its old files go and put back once all its new files are in, and the
manifest is written whole. A run stopped midway thus leaves files no entry
names: the next run removes them (and any scratch folder) and lands their raw
file again.

DuckDB works under the memory limit dbt has (CMOE_MEMORY_LIMIT, 2GB by
default) and spills to a temp folder inside the scratch folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cmoe.dbt_runner import MEMORY_LIMIT_VARIABLE, configured_memory_limit
from cmoe.text import FEED_CSV_OPTIONS, sql_identifier, sql_literal, write_atomically

MANIFEST = "_manifest.json"
# The landed form's version: a manifest of another layout is not trusted, and every file lands again.
LAYOUT = 1
UNKNOWN = "unknown"
SCRATCH_PREFIX = ".landing-"
# The month the academic year starts in (1 September).
ACADEMIC_YEAR_START_MONTH = 9
# The landed rows' order, and the column the partitions go by (the contract's names).
SORTED_BY = ("pupil_upn", "attendance_date", "session")
DATE_COLUMN = "attendance_date"
# A CSV date, as macros/parse_dates.sql (parse_uk_date) reads it: dd/mm/yyyy, else ISO.
CSV_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
# What a contract column the file lacks lands as.
NULL_TEXT = "cast(null as varchar)"


@dataclass(frozen=True)
class FeedFile:
    """One raw feed file to land: where it is, the contract's columns and those it lacks."""

    path: Path
    columns: tuple[str, ...]  # the contract's, in contract order
    missing: frozenset[str] = frozenset()  # contract columns the file does not have: null when landed

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def landed_name(self) -> str:
        """Its partition files' name: the raw file's, as Parquet."""
        return f"{self.path.stem}.parquet"

    @property
    def is_csv(self) -> bool:
        return self.path.suffix.lower() == ".csv"

    def fingerprint(self) -> dict[str, object]:
        """What the landed form depends on besides the file's bytes."""
        return {"columns": list(self.columns), "missing": sorted(self.missing)}


class FeedLandingError(Exception):
    """A raw feed file that DuckDB could not land (a CSV it cannot read, memory run out)."""

    def __init__(self, path: Path, rule: str, what: str):
        self.path, self.rule = path, rule
        super().__init__(what)


@dataclass(frozen=True)
class FeedLanding:
    """What landing the feed did, and where every raw file's rows are now."""

    root: Path
    partitions: dict[str, tuple[Path, ...]]  # by raw file name: its partition files
    rows: dict[str, int]  # by raw file name: the rows landed (its partition files' rows)
    landed: tuple[str, ...]  # raw files written this run
    unchanged: tuple[str, ...]  # raw files as recorded, not read again
    removed: tuple[str, ...]  # raw files gone from the landing folder, their partition files removed
    seconds: float

    def summary(self) -> str:
        files = sum(len(paths) for paths in self.partitions.values())
        return (
            f"attendance feed: {len(self.landed)} file(s) landed, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed; {files} partition file(s) in {self.root} ({self.seconds:.1f} s)"
        )


def sha256_of(path: Path) -> str:
    """A file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def partition_folder(year: int | None, month: int | None) -> str:
    """The partition of a calendar year and month (None: the date did not read)."""
    if year is None or month is None:
        return f"academic_year={UNKNOWN}/month={UNKNOWN}"
    academic_year = year - (month < ACADEMIC_YEAR_START_MONTH)
    return f"academic_year={academic_year}/month={month:02d}"


# --- The manifest ------------------------------------------------------------------------------------


def read_manifest(root: Path) -> dict[str, dict]:
    """The raw files landed, by name; empty when there is no manifest, or one of another layout."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return manifest.get("files", {}) if manifest.get("layout") == LAYOUT else {}


def write_manifest(root: Path, files: dict[str, dict]) -> None:
    """The manifest, written whole (and not at all when it says what it said)."""
    text = json.dumps({"layout": LAYOUT, "files": dict(sorted(files.items()))}, indent=2) + "\n"
    path = root / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text)


def remove_scratch(root: Path) -> None:
    """The scratch folders a stopped run left in root."""
    for scratch in root.glob(f"{SCRATCH_PREFIX}*"):
        shutil.rmtree(scratch, ignore_errors=True)


def remove_unlisted(root: Path, files: dict[str, dict]) -> None:
    """Scratch folders, and partition files no manifest entry names (a stopped run's), removed."""
    remove_scratch(root)
    listed = {relative for entry in files.values() for relative in entry["partitions"]}
    for path in root.glob("*/*/*"):
        if path.is_file() and path.relative_to(root).as_posix() not in listed:
            path.unlink()
    for folder in [*root.glob("*/*"), *root.glob("*")]:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _is_unchanged(entry: dict, feed: FeedFile, root: Path) -> bool:
    """Whether a raw file is as its entry recorded it, and all its partition files are in place.

    The same size and modification time, or the same size and content (a file
    copied or touched); then the entry takes the file's modification time.
    """
    if entry.get("fingerprint") != feed.fingerprint():
        return False
    if not all((root / relative).is_file() for relative in entry["partitions"]):
        return False
    stat = feed.path.stat()
    if entry["size"] != stat.st_size:
        return False
    if entry["mtime_ns"] != stat.st_mtime_ns:
        if entry["sha256"] != sha256_of(feed.path):
            return False
        entry["mtime_ns"] = stat.st_mtime_ns
    return True


# --- Writing one raw file's partitions -------------------------------------------------------------------


def _selected(columns: tuple[str, ...], missing: frozenset[str] = frozenset()) -> str:
    """The contract's columns as read (DuckDB binds a name in another case): a missing one null."""
    return ", ".join(
        f"{NULL_TEXT if column in missing else sql_identifier(column)} as {sql_identifier(column)}"
        for column in columns
    )


def connect(scratch: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB under the memory limit, spilling into the scratch folder."""
    connection = duckdb.connect()
    connection.execute(f"set memory_limit = {sql_literal(configured_memory_limit())}")
    connection.execute(f"set temp_directory = {sql_literal(scratch / 'duckdb.tmp')}")
    connection.execute("set enable_progress_bar = false")
    return connection


def _view_rows(connection: duckdb.DuckDBPyConnection, feed: FeedFile, scratch: Path) -> None:
    """The temp view `marks`: source_file, source_line, the contract's columns, and `landed_day`, the
    date each row is partitioned and sorted by (null when it does not read as a date).

    A Parquet file is read where it is (its row number is its line, less one);
    a CSV file is read once, as text, into a scratch Parquet file with its
    records' lines (the header is line 1), as staging read it in place.
    """
    date = sql_identifier(DATE_COLUMN)
    if feed.is_csv:
        rows = scratch / "rows.parquet"
        reader = f"read_csv({sql_literal(feed.path)}, {FEED_CSV_OPTIONS})"
        selected = _selected(feed.columns, feed.missing)
        connection.execute(
            f"copy (select ordinality + 1 as source_line, {selected} from {reader} with ordinality)"
            f" to {sql_literal(rows)} (format parquet)"
        )
        source, line, columns = f"read_parquet({sql_literal(rows)})", "source_line", _selected(feed.columns)
        formats = ", ".join(sql_literal(text) for text in CSV_DATE_FORMATS)
        day = f"cast(try_strptime(trim({date}), [{formats}]) as date)"
    else:
        source = f"read_parquet({sql_literal(feed.path)}, file_row_number = true)"
        line, columns = "file_row_number + 1", _selected(feed.columns, feed.missing)
        day = f"try_cast({date} as date)"
    connection.execute(
        f"create or replace temp view marks as select {sql_literal(feed.name)} as source_file,"
        f" {line} as source_line, {columns}, {day} as landed_day from {source}"
    )


def write_partitions(connection: duckdb.DuckDBPyConnection, feed: FeedFile, scratch: Path) -> dict[str, int]:
    """A raw file's partition files, written under scratch: their paths (relative) and rows.

    One scan finds the months and their rows; then each partition is copied
    from its own scan into a temporary table and written from there, sorted,
    so DuckDB sorts one month at a time. The copy is what keeps big months
    fast: sorting straight from the raw file's filtered scan took 32 s for a
    month of 8.6M marks (three times the default scenario), where copying
    took 3.6 s and sorting the copy 2.9 s.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    _view_rows(connection, feed, scratch)
    months = connection.execute(
        "select year(landed_day), month(landed_day), count(*) from marks group by all order by all"
    ).fetchall()
    pupil, _, *then = map(sql_identifier, SORTED_BY)
    order = ", ".join([pupil, "landed_day", *then, "source_line"])
    written: dict[str, int] = {}
    # A file of no rows: one empty file in the unknown partition.
    for year, month, rows in months or [(None, None, 0)]:
        relative = f"{partition_folder(year, month)}/{feed.landed_name}"
        where = (
            "landed_day is null"
            if year is None
            else f"year(landed_day) = {year} and month(landed_day) = {month}"
        )
        target = scratch / "partitions" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        connection.execute(f"create or replace temp table month_marks as select * from marks where {where}")
        (copied,) = connection.execute(
            f"copy (select * exclude (landed_day) from month_marks order by {order})"
            f" to {sql_literal(target)} (format parquet, parquet_version v2)"
        ).fetchone()
        connection.execute("drop table month_marks")
        if copied != rows:  # the scans disagree: never trust the file
            raise RuntimeError(f"{feed.path}: {copied} rows written to {relative}, {rows} expected")
        written[relative] = rows
    return written


# --- Landing the feed -----------------------------------------------------------------------------------


def _move_in(root: Path, files: dict[str, dict], name: str, entry: dict, scratch: Path) -> None:
    """A raw file's new partition files moved into place, its old ones removed; the manifest says so."""
    old = files.pop(name, None)
    if old:
        write_manifest(root, files)  # from here to the end its files are no one's: a stopped run redoes it
        for relative in old["partitions"]:
            (root / relative).unlink(missing_ok=True)
    for relative in entry["partitions"]:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        (scratch / "partitions" / relative).replace(target)
    files[name] = entry
    write_manifest(root, files)


def _land_one(connection: duckdb.DuckDBPyConnection, feed: FeedFile, scratch: Path) -> dict:
    """A raw file landed under scratch: its manifest entry."""
    stat = feed.path.stat()
    try:
        partitions = write_partitions(connection, feed, scratch)
    except duckdb.OutOfMemoryException as error:
        what = (
            f"DuckDB ran out of memory landing it under its memory limit of {configured_memory_limit()}:"
            f" raise {MEMORY_LIMIT_VARIABLE} (e.g. {MEMORY_LIMIT_VARIABLE}=4GB) ({error})"
        )
        raise FeedLandingError(feed.path, "out_of_memory", what) from error
    except duckdb.Error as error:
        rule = "unreadable_csv" if feed.is_csv else "unreadable_parquet"
        raise FeedLandingError(feed.path, rule, str(error).splitlines()[0]) from error
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": sha256_of(feed.path),
        "fingerprint": feed.fingerprint(),
        "rows": sum(partitions.values()),
        "partitions": partitions,
    }


def land_feed(feeds: Sequence[FeedFile], root: Path) -> FeedLanding:
    """Land the raw feed files into root (the feed's landed folder), incrementally (module docstring).

    The files given are the feed as it is now: any other the manifest lists
    has gone from the landing folder, and its partition files are removed.
    """
    started = time.perf_counter()
    names = [feed.name for feed in feeds]
    if len({feed.landed_name for feed in feeds}) != len(feeds):
        raise ValueError(f"two raw files of one name in other formats: {sorted(names)}")
    root.mkdir(parents=True, exist_ok=True)
    files = read_manifest(root)
    remove_unlisted(root, files)
    removed = sorted(set(files) - set(names))
    for name in removed:
        gone = files.pop(name)
        write_manifest(root, files)
        for relative in gone["partitions"]:
            (root / relative).unlink(missing_ok=True)
    landed, unchanged = [], []
    with (
        tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=root) as folder,
        connect(Path(folder)) as connection,
    ):
        for feed in feeds:
            entry = files.get(feed.name)
            if entry is not None and _is_unchanged(entry, feed, root):
                unchanged.append(feed.name)
                continue
            scratch = Path(folder) / feed.path.stem
            _move_in(root, files, feed.name, _land_one(connection, feed, scratch), scratch)
            landed.append(feed.name)
    write_manifest(root, files)  # a modification time taken by an unchanged file, none removed
    remove_unlisted(root, files)  # partition folders left empty
    return FeedLanding(
        root=root,
        partitions={name: tuple(root / relative for relative in files[name]["partitions"]) for name in names},
        rows={name: files[name]["rows"] for name in names},
        landed=tuple(landed),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        seconds=time.perf_counter() - started,
    )
