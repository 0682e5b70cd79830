"""The attendance feed: each file checked from its columns and its rows, then landed as partitioned Parquet
(cmoe/feed_landing.py)."""

from __future__ import annotations

import codecs
import csv
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq

from cmoe.contract import Extract
from cmoe.feed_landing import FeedFile, FeedLanding, FeedLandingError, land_feed
from cmoe.landing.files import extract_date_of, files_of
from cmoe.landing.inventory import LandedFile
from cmoe.landing.problems import LandingError, LandingProblem
from cmoe.landing.reading import DELIMITERS, feed_name, header_warnings, map_header, sniff_delimiter


def count_lines(path: Path) -> int:
    """Lines in a text file, fast (newlines counted in chunks; a last line without one counts)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _feed_csv_header(path: Path) -> tuple[str, str]:
    """The CSV feed's header line and its encoding (utf-8-sig with a byte order mark, else utf-8)."""
    with path.open("rb") as handle:
        first = handle.readline()
    encoding = "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
    return first.decode(encoding, errors="replace").rstrip("\r\n"), encoding


def check_feed_file(path: Path, extract: Extract) -> tuple[LandedFile | None, list[LandingProblem]]:
    """One attendance feed file: its date, its header and its rows.

    Nothing is written here (land_feed writes the feed once every file is
    checked): a Parquet file's schema and row count come from its metadata, a
    CSV file's from its header and a line count (its records are its lines
    less the header). DuckDB lands it, binding its columns by name, ignoring
    case; a CSV feed must be comma-delimited (DuckDB reads it so).
    """
    problems = []
    extract_date = extract_date_of(path)
    if extract_date is None:
        what = f"the name must end _<yyyymmdd>{path.suffix} with a real date"
        problems.append(LandingProblem(path, "no_extract_date", what))
    if not path.stat().st_size:
        return None, [*problems, LandingProblem(path, "empty_file", "no header: the file is empty", 1)]
    if path.suffix == ".parquet":
        try:
            names, rows = pq.read_schema(path).names, pq.read_metadata(path).num_rows
        except Exception as error:  # pyarrow raises ArrowInvalid, OSError and others on a bad file
            return None, [*problems, LandingProblem(path, "unreadable_parquet", str(error))]
        encoding, delimiter, line, header_line = "parquet", "", None, ""
    else:
        (header_line, encoding), delimiter, line = _feed_csv_header(path), ",", 1
        names, rows = next(csv.reader([header_line]), []), count_lines(path) - 1
    if delimiter and (other := sniff_delimiter(header_line, extract.columns)) != ",":
        what = f"{DELIMITERS[other]}-delimited; the feed must be comma-delimited"
        return None, [*problems, LandingProblem(path, "delimiter", what, line)]
    header = map_header(names, extract.columns, feed_name)
    if extract_date is None:
        return None, problems
    warnings = header_warnings(path, line, ",", header)
    if encoding == "utf-8-sig":
        warnings.insert(0, LandingProblem(path, "utf8_bom", "UTF-8 byte order mark (DuckDB skips it)", 1))
    landed = LandedFile(
        source_system=extract.system,
        source_table=extract.table,
        raw_path=path,
        extract_date=extract_date,
        raw_records=rows,
        encoding=encoding,
        delimiter=DELIMITERS.get(delimiter, ""),
        header_line=line,
        arrived_columns=header.arrived(extract.columns),
        warnings=tuple(warnings),
    )
    return landed, []


def check_feed(
    extract: Extract, attendance_root: Path, attendance_format: str
) -> tuple[list[LandedFile], list[LandingProblem]]:
    """Every file of the attendance feed, checked (nothing written)."""
    paths, problems = files_of(extract, attendance_root, attendance_format)
    files = []
    for path in paths:
        landed, found = check_feed_file(path, extract)
        problems.extend(found)
        if landed:
            files.append(landed)
    return files, problems


def land_feed_files(
    extract: Extract, files: list[LandedFile], landed_root: Path
) -> tuple[list[LandedFile], FeedLanding]:
    """The feed's checked files landed under `<landed_root>/<system>/` (cmoe/feed_landing.py), each
    with its partition files; what DuckDB cannot land is blocking (LandingError)."""
    feeds = [
        FeedFile(landed.raw_path, extract.columns, frozenset(extract.columns) - set(landed.arrived_columns))
        for landed in files
    ]
    try:
        landing = land_feed(feeds, landed_root / extract.system)
    except FeedLandingError as error:
        raise LandingError([LandingProblem(error.path, error.rule, str(error))]) from error
    landed = [replace(file, landed_partitions=landing.partitions[file.source_file]) for file in files]
    return landed, landing
