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
cmoe/dfe_statistics.py and landed as one tidy table,
`<landed_root>/benchmarks/dfe_statistics.csv` (source `dfe.benchmark_statistics`).
A file that is neither an exclusions nor an attendance file, or that cannot be
read, is blocking (dfe_benchmark).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from cmoe import dfe_statistics
from cmoe.contract import Extract, load_extracts
from cmoe.feed_landing import (
    SCRATCH_PREFIX,
    FeedFile,
    FeedLanding,
    FeedLandingError,
    land_feed,
    remove_scratch,
    sha256_of,
)
from cmoe.stopping import signals_held
from cmoe.text import csv_text, listed, write_atomically

REGISTER_SUFFIX = "csv"
# The delimiters a register may use, by the name _landed_files.csv gives them.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# The extract date is the yyyymmdd right before the suffix, as dbt reads it.
DATE_IN_NAME = re.compile(r"_([0-9]{8})\.[A-Za-z]+$")
# The columns every canonical copy starts with, before the contract's.
COPY_COLUMNS = ("source_file", "source_line", "landing_issue")
LANDED_FILES = "_landed_files.csv"
# Its columns, as models/staging/landing/_landing__sources.yml documents them.
LANDED_FILES_COLUMNS = (
    "source_system",
    "source_table",
    "source_file",
    "extract_date",
    "raw_records",
    "encoding",
    "delimiter",
    "header_line",
    "arrived_columns",
    "landing_warnings",
)
LANDING_REPORT = "_landing_report.json"


# --- What landing found -------------------------------------------------------------------------


@dataclass(frozen=True)
class LandingProblem:
    """One finding about one file (or folder): blocking, or a warning, by where it is kept."""

    path: Path
    rule: str
    what: str
    line: int | None = None  # None for the folder or the file as a whole (its name, its bytes)

    def __str__(self) -> str:
        where = f"{self.path}: line {self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.rule}: {self.what}"


class LandingError(Exception):
    """The extracts cannot be landed: every blocking problem of every file, one line each."""

    def __init__(self, problems: list[LandingProblem]):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"the landed extracts cannot be read ({len(problems)} problem(s)):\n{lines}")


@dataclass(frozen=True)
class LandedFile:
    """One raw file as landed: what it was, and (for a register) where its canonical copy is."""

    source_system: str
    source_table: str
    raw_path: Path
    extract_date: date
    raw_records: int  # records in the raw file, header excluded (the feed's CSV: its lines)
    encoding: str  # utf-8, utf-8-sig, cp1252 or parquet
    delimiter: str  # comma, semicolon, tab or pipe; empty for Parquet
    header_line: int | None  # the header's line; None for Parquet
    arrived_columns: tuple[str, ...]  # the header as it arrived (HeaderMap.arrived)
    warnings: tuple[LandingProblem, ...]
    landed_path: Path | None = None  # a register's canonical copy; None for the attendance feed
    landed_partitions: tuple[Path, ...] = ()  # the attendance feed's partition files holding its rows

    @property
    def source_file(self) -> str:
        return self.raw_path.name

    def inventory_row(self) -> dict[str, str | int]:
        """The file's row of _landed_files.csv (LANDED_FILES_COLUMNS, as the landing source lists them)."""
        return dict(
            zip(
                LANDED_FILES_COLUMNS,
                (
                    self.source_system,
                    self.source_table,
                    self.source_file,
                    self.extract_date.isoformat(),
                    self.raw_records,
                    self.encoding,
                    self.delimiter,
                    "" if self.header_line is None else self.header_line,
                    json.dumps(self.arrived_columns, ensure_ascii=False),
                    len(self.warnings),
                ),
                strict=True,
            )
        )


@dataclass(frozen=True)
class LandingResult:
    """Every file landed, with the warnings found on the way."""

    landed_root: Path
    files: tuple[LandedFile, ...]
    feeds: tuple[FeedLanding, ...] = ()
    benchmarks: str = ""  # what the benchmarks' landing says (write_benchmarks)

    @property
    def warnings(self) -> list[LandingProblem]:
        return [warning for landed in self.files for warning in landed.warnings]

    def summary(self) -> list[str]:
        """What the command line prints: a line for the landing and one per feed, then one per warning."""
        lines = [f"{len(self.files)} files landed in {self.landed_root}, {len(self.warnings)} warning(s)"]
        lines += [feed.summary() for feed in self.feeds]
        lines += [self.benchmarks] if self.benchmarks else []
        return lines + [f"warning: {warning}" for warning in self.warnings]


# --- Reading one raw register file ------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    """A file's bytes (less any byte order mark) and the codec that reads them as text."""

    body: bytes
    codec: str  # utf-8 or cp1252
    encoding: str  # as _landed_files.csv names it: utf-8, utf-8-sig (with a byte order mark) or cp1252
    warnings: tuple[LandingProblem, ...] = ()

    def lines(self) -> io.TextIOWrapper:
        """The text, line by line as it is in the file (universal newlines, not translated)."""
        return io.TextIOWrapper(io.BytesIO(self.body), encoding=self.codec, newline="")


@dataclass(frozen=True)
class HeaderMap:
    """Where each contract column is in a raw header, and what else the header holds."""

    names: tuple[str, ...]  # the raw header's fields, as read
    positions: tuple[int | None, ...]  # for each contract column (contract order), its field; None: missing
    renamed: tuple[tuple[str, str], ...]  # (raw name, contract name) matched by their normal form

    @property
    def found(self) -> int:
        """How many contract columns the header has."""
        return sum(position is not None for position in self.positions)

    def arrived(self, columns: tuple[str, ...]) -> tuple[str, ...]:
        """The header's fields in their order, each matched field named as its contract column
        (contract order: `columns`), any other under its own name."""
        column_at = {position: column for column, position in zip(columns, self.positions, strict=True)}
        return tuple(column_at.get(index, name) for index, name in enumerate(self.names))


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based physical line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


# A multi-byte UTF-8 sequence: in a file that is otherwise Windows-1252, a sign of mixed encodings.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes, path: Path) -> tuple[Decoded | None, list[LandingProblem]]:
    """The file's text: UTF-8, else Windows-1252; bytes that are neither are blocking.

    A UTF-8 byte order mark is stripped (warning utf8_bom). A file that is not
    UTF-8 is read as Windows-1252 (warning cp1252, naming the first byte that
    is not UTF-8, and any UTF-8 sequences: a sign of a file of mixed
    encodings). Windows-1252 leaves five bytes undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D): a file holding one of them and not UTF-8 is `undecodable`.
    """
    warnings: list[LandingProblem] = []
    encoding = "utf-8"
    body = data
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
        warnings.append(LandingProblem(path, "utf8_bom", "UTF-8 byte order mark removed", line=1))
    try:
        body.decode("utf-8")
        return Decoded(body, "utf-8", encoding, tuple(warnings)), []
    except UnicodeDecodeError as not_utf8:
        first_byte, first_offset = body[not_utf8.start], not_utf8.start
    try:
        body.decode("cp1252")
    except UnicodeDecodeError as neither:
        offset = neither.start + len(data) - len(body)
        what = f"byte 0x{body[neither.start]:02X} decodes neither as UTF-8 nor as Windows-1252"
        return None, [LandingProblem(path, "undecodable", what, line=_line_of(data, offset))]
    what = f"not UTF-8 (byte 0x{first_byte:02X}), read as Windows-1252"
    utf8_like = list(_UTF8_SEQUENCE.finditer(body))
    if utf8_like:
        where = _line_of(body, utf8_like[0].start())
        what += (
            f"; yet {len(utf8_like)} byte sequence(s) look like UTF-8 (first at line {where}):"
            " the file may mix encodings"
        )
    offset = first_offset + len(data) - len(body)
    warnings.append(LandingProblem(path, "cp1252", what, line=_line_of(data, offset)))
    return Decoded(body, "cp1252", "cp1252", tuple(warnings)), []


class UnreadableCsv(Exception):
    """A record the csv module cannot read (a field past its size limit: an unclosed quote)."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def _is_blank(fields: list[str]) -> bool:
    """An empty line, or one holding only spaces: no record."""
    return not fields or (len(fields) == 1 and not fields[0].strip())


def read_records(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Every record of a file's lines with the physical line it starts on (1-based), header included.

    The csv module reads the records, so a quoted field may span lines; blank
    lines are skipped. What it cannot read (a field past its size limit, after
    a quote that never closes) raises UnreadableCsv with the record's line.
    """
    reader = csv.reader(lines, delimiter=delimiter)
    next_line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UnreadableCsv(next_line, f"{error} (a quote opened and never closed?)") from error
        line, next_line = next_line, reader.line_num + 1
        if not _is_blank(fields):
            yield line, fields


def register_name(name: str) -> str:
    """A register's header name as matched when it is not exact: no surrounding spaces (nor BOM), any case
    (the landing step copies the column, whatever its name's case and spaces)."""
    return name.replace("\ufeff", "").strip().casefold()


def feed_name(name: str) -> str:
    """A feed's header name as matched when it is not exact: any case (DuckDB, reading the feed in
    place, binds a name in another case, not one with spaces around it)."""
    return name.casefold()


def map_header(
    names: Iterable[str], columns: tuple[str, ...], normal: Callable[[str], str] = register_name
) -> HeaderMap:
    """Each contract column's field in the raw header: by exact name, else by normal form.

    A header field matched by neither is not the contract's (a second field of
    the same name neither).
    """
    names = tuple(names)
    found: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in columns and name not in found:
            found[name] = index
    by_normal = {normal(column): column for column in columns}
    renamed = []
    for index, name in enumerate(names):
        column = by_normal.get(normal(name))
        if index not in found.values() and column and column not in found:
            found[column] = index
            renamed.append((name, column))
    return HeaderMap(
        names=names, positions=tuple(found.get(column) for column in columns), renamed=tuple(renamed)
    )


def sniff_delimiter(header_line: str, columns: tuple[str, ...]) -> str:
    """The delimiter (`,` `;` tab `|`) that splits the header into the contract's columns.

    The one that finds the most contract columns; comma on a tie (and when none
    finds any: a file of one column is then read as a comma-delimited one).
    """

    def columns_found(delimiter: str) -> int:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        return map_header(fields, columns).found

    return max(DELIMITERS, key=lambda delimiter: (columns_found(delimiter), delimiter == ","))


def header_warnings(path: Path, line: int | None, delimiter: str, header: HeaderMap) -> list[LandingProblem]:
    """How landing read a header, where it is not as written in the contract: each a warning on its line.

    Another delimiter, names differing from the contract's in case or
    surrounding spaces. (Which columns arrived, and in what order, the arrival
    checks judge.)
    """
    warnings = []
    if delimiter != ",":
        warnings.append(
            LandingProblem(path, "delimiter", f"{DELIMITERS[delimiter]}-delimited, read as such", line)
        )
    if header.renamed:
        what = "; ".join(f"{name!r} read as {column}" for name, column in header.renamed)
        warnings.append(LandingProblem(path, "header_names", what, line))
    return warnings


def landing_issue(fields: list[str], width: int) -> str | None:
    """What is wrong with a record's shape, or None: fewer or more fields than the header's."""
    if len(fields) < width:
        return f"truncated_row: {len(fields)} of {width} fields"
    if len(fields) > width:
        return f"extra_fields: {len(fields)} of {width} fields"
    return None


def row_warnings(path: Path, issue_lines: dict[str, list[int]]) -> list[LandingProblem]:
    """One warning per row-level rule, on its first line, listing the lines it applies to."""
    warnings = []
    for rule, lines in issue_lines.items():
        what = f"{len(lines)} record(s) (lines {listed(lines)}), kept with landing_issue set"
        warnings.append(LandingProblem(path, rule, what, lines[0]))
    return warnings


@dataclass
class CopyWritten:
    """What writing one canonical copy counted."""

    records: int = 0
    issue_lines: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def write_copy(
    records: Iterator[tuple[int, list[str]]],
    header: HeaderMap,
    columns: tuple[str, ...],
    source_file: str,
    copy: Path,
) -> CopyWritten:
    """The canonical copy: source_file, source_line, landing_issue, then the contract's columns.

    One row per raw record (after the header), in raw order; a short record's
    missing fields are empty, a long record's fields past the header's dropped,
    a contract column the header lacks empty.
    """
    written = CopyWritten()
    width = len(header.names)
    copy.parent.mkdir(parents=True, exist_ok=True)
    with copy.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow((*COPY_COLUMNS, *columns))
        for line, fields in records:
            issue = landing_issue(fields, width)
            if issue:
                written.issue_lines[issue.split(":", 1)[0]].append(line)
            values = [
                fields[position] if position is not None and position < len(fields) else ""
                for position in header.positions
            ]
            writer.writerow([source_file, line, issue or "", *values])
            written.records += 1
    return written


# --- Landing one register -------------------------------------------------------------------------


def extract_date_of(path: Path) -> date | None:
    """The extract date in a file's name: the yyyymmdd right before the suffix, a real date; else None."""
    match = DATE_IN_NAME.search(path.name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def duplicate_problems(paths: list[Path]) -> list[LandingProblem]:
    """The same file landed twice: two files of one extract with the same bytes (blocking, both named).

    Files are compared by size first, so that only files of one size are read
    and hashed (SHA-256). Empty files are left to the empty_file rule.
    """
    by_size: dict[int, list[Path]] = defaultdict(list)
    for path in paths:
        if size := path.stat().st_size:
            by_size[size].append(path)
    problems = []
    for same_size in by_size.values():
        first_with: dict[str, Path] = {}
        for path in same_size if len(same_size) > 1 else ():
            digest = sha256_of(path)
            if digest in first_with:
                what = f"same content as {first_with[digest]} (the same file landed twice)"
                problems.append(LandingProblem(path, "duplicate_file", what))
            else:
                first_with[digest] = path
    return problems


def _header_line(lines: Iterable[str]) -> tuple[int, str] | None:
    """The first line that is not blank, with its number: the header; None for an empty file."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            return number, line.rstrip("\r\n")
    return None


def land_register_file(
    path: Path, extract: Extract, scratch_copy: Path, landed_copy: Path
) -> tuple[LandedFile | None, list[LandingProblem]]:
    """One raw register file, read and written to its canonical copy (at scratch_copy).

    Returns the landed file and no problem, or None and its blocking problems:
    a name without a date, an empty file, bytes that are not text, a record
    the csv module cannot read.
    """
    problems = []
    extract_date = extract_date_of(path)
    if extract_date is None:
        what = f"the name must end _<yyyymmdd>.{REGISTER_SUFFIX} with a real date"
        problems.append(LandingProblem(path, "no_extract_date", what))
    data = path.read_bytes()
    decoded, undecodable = decode(data, path)
    if decoded is None:
        return None, problems + undecodable
    found = _header_line(decoded.lines())
    if found is None:
        what = "no header: the file is empty" if not data else "no header: nothing but blank lines"
        return None, [*problems, LandingProblem(path, "empty_file", what, line=1)]
    delimiter = sniff_delimiter(found[1], extract.columns)
    records = read_records(decoded.lines(), delimiter)
    try:
        line, names = next(records)
        header = map_header(names, extract.columns)
        written = write_copy(records, header, extract.columns, path.name, scratch_copy)
    except UnreadableCsv as error:
        return None, [*problems, LandingProblem(path, "unreadable_csv", str(error), error.line)]
    if extract_date is None:
        return None, problems
    warnings = [
        *decoded.warnings,
        *header_warnings(path, line, delimiter, header),
        *row_warnings(path, written.issue_lines),
    ]
    landed = LandedFile(
        source_system=extract.system,
        source_table=extract.table,
        raw_path=path,
        extract_date=extract_date,
        raw_records=written.records,
        encoding=decoded.encoding,
        delimiter=DELIMITERS[delimiter],
        header_line=line,
        arrived_columns=header.arrived(extract.columns),
        warnings=tuple(warnings),
        landed_path=landed_copy,
    )
    return landed, []


def _files_of(extract: Extract, folder: Path, suffix: str) -> tuple[list[Path], list[LandingProblem]]:
    """An extract's raw files, or the blocking problem: its folder missing, or no file in it."""
    pattern = f"{extract.table}_<yyyymmdd>.{suffix}"
    if not folder.is_dir():
        return [], [LandingProblem(folder, "folder_missing", f"expected {pattern} in it")]
    paths = sorted(folder.glob(f"{extract.table}_*.{suffix}"))
    if not paths:
        return [], [LandingProblem(folder, "no_file", f"no {pattern} file")]
    return paths, duplicate_problems(paths)


def land_register(
    extract: Extract, extracts_root: Path, scratch: Path, landed_root: Path
) -> tuple[list[LandedFile], list[LandingProblem]]:
    """Every raw file of one register, each written to its copy under scratch; problems of all."""
    paths, problems = _files_of(extract, extracts_root / extract.system, REGISTER_SUFFIX)
    files = []
    for path in paths:
        relative = Path(extract.system) / path.name
        landed, found = land_register_file(path, extract, scratch / relative, landed_root / relative)
        problems.extend(found)
        if landed:
            files.append(landed)
    return files, problems


# --- The attendance feed, checked, then landed as partitioned Parquet ---------------------------------------


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
    paths, problems = _files_of(extract, attendance_root, attendance_format)
    files = []
    for path in paths:
        landed, found = check_feed_file(path, extract)
        problems.extend(found)
        if landed:
            files.append(landed)
    return files, problems


# --- Landing every extract ------------------------------------------------------------------------------


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


def register_extracts(extracts: dict[str, Extract] | None = None) -> list[Extract]:
    """The registers of the contract: every extract but the attendance feed."""
    extracts = load_extracts() if extracts is None else extracts
    return [e for e in extracts.values() if not e.is_feed]


def _replace_copies(extracts: list[Extract], scratch: Path, landed_root: Path) -> None:
    """A new landing replaces the old: each register's older copies removed, then the new moved in."""
    for extract in extracts:
        folder = landed_root / extract.system
        for old in folder.glob(f"{extract.table}_*.{REGISTER_SUFFIX}"):
            old.unlink()
        for new in sorted((scratch / extract.system).glob(f"{extract.table}_*.{REGISTER_SUFFIX}")):
            folder.mkdir(parents=True, exist_ok=True)
            new.replace(folder / new.name)


def write_inventory(landed_root: Path, files: list[LandedFile]) -> None:
    """_landed_files.csv (one row per landed file) and _landing_report.json (the same, with warnings)."""
    rows = [landed.inventory_row() for landed in files]
    write_atomically(landed_root / LANDED_FILES, csv_text(LANDED_FILES_COLUMNS, rows))
    report = {
        "landed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "landed_root": str(landed_root),
        "files": [
            {
                **landed.inventory_row(),
                "raw_path": str(landed.raw_path),
                "landed_path": str(landed.landed_path) if landed.landed_path else None,
                "landed_partitions": [str(path) for path in landed.landed_partitions],
                "warnings": [str(warning) for warning in landed.warnings],
            }
            for landed in files
        ],
    }
    write_atomically(landed_root / LANDING_REPORT, json.dumps(report, indent=2) + "\n")


def read_benchmarks(folder: Path) -> tuple[pd.DataFrame | None, list[LandingProblem]]:
    """The benchmarks folder's DfE files as one tidy table, or the problems of every file that fails."""
    frames, problems = [], []
    for path in dfe_statistics.benchmark_files(folder):
        try:
            frames.append(dfe_statistics.read_benchmark(path))
        except dfe_statistics.DfeFileError as error:
            problems.append(LandingProblem(path, "dfe_benchmark", str(error).removeprefix(f"{path}: ")))
    if problems:
        return None, problems
    try:
        return dfe_statistics.combine_benchmarks(frames), []
    except dfe_statistics.DfeFileError as error:
        return None, [LandingProblem(folder, "dfe_benchmark", str(error))]


def write_benchmarks(landed_root: Path, benchmarks: pd.DataFrame) -> str:
    """The tidy table where dbt reads it; returns the summary line."""
    path = landed_root / dfe_statistics.LANDED_BENCHMARKS
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, benchmarks.to_csv(index=False, float_format="%.15g", lineterminator="\n"))
    files = sorted(benchmarks["source_file"].unique())
    return f"DfE benchmarks: {len(benchmarks)} figures from {len(files)} file(s) ({listed(files)})"


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
            _replace_copies(registers, Path(scratch), landed_root)
            write_inventory(landed_root, files)
    benchmarks_landed = write_benchmarks(landed_root, benchmarks)
    return LandingResult(landed_root, tuple(files), tuple(landings), benchmarks_landed)
