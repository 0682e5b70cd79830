"""Land the extracts: read each raw register file as it arrived and write the canonical copy dbt reads.

Local authority extracts are messy: a renamed column, columns in another
order, semicolons, a UTF-8 byte order mark, Windows-1252 names, an empty
file, a truncated last line, the same file landed twice. `land` reads every
register file of the contract (models/staging/*/_*__sources.yml) in Python,
decides what it is, and writes one canonical copy of it:

    <landed_root>/<system>/<the raw file's name>

UTF-8, comma-delimited, with the header `source_file,source_line,landing_issue`
then the contract's columns in contract order; one row per raw record, in raw
order. Nothing is dropped, and every problem is named with the file, the line
and the rule, one line each: `<path>: line N: <rule>: <what>`.

- Blocking (collected for every file, then LandingError; nothing is written):
  folder_missing, no_file, no_extract_date, duplicate_file, empty_file,
  undecodable, unreadable_csv, unreadable_parquet, and a CSV feed that is not
  comma-delimited (delimiter).
- Warnings (kept in the result; the run goes on): utf8_bom, cp1252, delimiter,
  header_names, and per file a summary of the rows with truncated_row or
  extra_fields.
- Row level (in the copy's landing_issue column; the row is kept):
  `truncated_row: <n> of <m> fields` (a record with fewer fields than the
  header: its missing fields are empty) and `extra_fields: <n> of <m> fields`
  (more fields than the header: the first m are kept).

The attendance feed (tens of millions of rows) is checked the same way from
its columns (Parquet schema or CSV header) and its rows counted; then each of
its files is landed once, as Parquet partitioned by academic year and month,
sorted by pupil, date and session, each row with its raw file and line
(cmoe/feed_landing.py: `<landed_root>/attendance/academic_year=<yyyy>/
month=<mm>/<the raw file's name>.parquet`, a manifest beside them saying which
raw files they hold, so that an unchanged file is not landed again).

Landing reads a header and maps it; it does not judge it. The header as it
arrived (`arrived_columns`, each field matched to a contract column under the
contract's name) is kept in the inventory, and the arrival checks (Great
Expectations) decide: a contract column missing stops the run, another order
or an extra column is a warning. A contract column the header lacks is empty
in the copy. Every landed file
is listed in `<landed_root>/_landed_files.csv` (source `landing.landed_files`)
and, with its warnings, in `<landed_root>/_landing_report.json`.

DfE's published LA-level statistics (the benchmarks: every CSV in the
benchmarks folder, the project's benchmarks/dfe/ unless told) are read by
cmoe/dfe_statistics/ and landed as one tidy table,
`<landed_root>/benchmarks/dfe_statistics.csv` (source `dfe.benchmark_statistics`).
A file that is neither an exclusions nor an attendance file, or that cannot be
read, is blocking (dfe_benchmark).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cmoe import dfe_statistics
from cmoe.contract import load_extracts
from cmoe.feed_landing import SCRATCH_PREFIX, remove_scratch
from cmoe.landing.benchmarks import read_benchmarks, write_benchmarks
from cmoe.landing.feed import check_feed, land_feed_files
from cmoe.landing.files import extract_date_of
from cmoe.landing.inventory import (
    LANDED_FILES,
    LANDED_FILES_COLUMNS,
    LANDING_REPORT,
    LandedFile,
    LandingResult,
    write_inventory,
)
from cmoe.landing.problems import LandingError, LandingProblem
from cmoe.landing.registers import COPY_COLUMNS, land_register, register_extracts, replace_copies
from cmoe.stopping import signals_held

# The names the rest of the project imports from cmoe.landing.
__all__ = [
    "COPY_COLUMNS",
    "LANDED_FILES",
    "LANDED_FILES_COLUMNS",
    "LANDING_REPORT",
    "LandedFile",
    "LandingError",
    "LandingProblem",
    "LandingResult",
    "extract_date_of",
    "land",
    "read_benchmarks",
    "register_extracts",
]


def land(
    extracts_root: Path,
    attendance_root: Path,
    landed_root: Path,
    attendance_format: str,
    benchmarks_root: Path = dfe_statistics.BENCHMARKS_DIR,
) -> LandingResult:
    """Land every extract of the contract: each register file's canonical copy, the feed partitioned.

    Every file is read before anything is written (the copies go to a scratch
    folder under landed_root first, the feed is only checked): with any
    blocking problem, LandingError lists them all and landed_root is left as
    it was. Otherwise the feed's new or changed files are landed (those
    unchanged since the last landing are not read again; a file DuckDB cannot
    land stops the run too, the feed files landed before it staying landed,
    each whole), each register's older copies are replaced by the new ones and
    the inventory (_landed_files.csv, _landing_report.json) is rewritten.
    """
    extracts = load_extracts()
    registers = register_extracts(extracts)
    feeds = [extract for extract in extracts.values() if extract.is_feed]
    landed_root.mkdir(parents=True, exist_ok=True)
    remove_scratch(landed_root)  # a run stopped by SIGKILL, which no clean-up outlives
    files: list[LandedFile] = []
    problems: list[LandingProblem] = []
    checked: dict[str, list[LandedFile]] = {}
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=landed_root) as scratch:
        for extract in registers:
            landed, found = land_register(extract, extracts_root, Path(scratch), landed_root)
            files.extend(landed)
            problems.extend(found)
        for extract in feeds:
            checked[extract.table], found = check_feed(extract, attendance_root, attendance_format)
            problems.extend(found)
        benchmarks, found = read_benchmarks(benchmarks_root)
        problems.extend(found)
        if problems:
            raise LandingError(problems)
        landings = []
        for extract in feeds:
            landed, landing = land_feed_files(extract, checked[extract.table], landed_root)
            files.extend(landed)
            landings.append(landing)
        with signals_held():  # the copies and their inventory change together, even on a stop
            replace_copies(registers, Path(scratch), landed_root)
            write_inventory(landed_root, files)
    benchmarks_landed = write_benchmarks(landed_root, benchmarks)
    return LandingResult(landed_root, tuple(files), tuple(landings), benchmarks_landed)
