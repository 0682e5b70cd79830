"""The registers landed: each raw file read and written to its canonical copy, in contract order."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cmoe.contract import Extract, load_extracts
from cmoe.landing.files import extract_date_of, files_of
from cmoe.landing.inventory import LandedFile
from cmoe.landing.problems import LandingProblem
from cmoe.landing.reading import (
    DELIMITERS,
    HeaderMap,
    UnreadableCsv,
    decode,
    header_warnings,
    map_header,
    read_records,
    sniff_delimiter,
)
from cmoe.text import listed

REGISTER_SUFFIX = "csv"

# The columns every canonical copy starts with, before the contract's.
COPY_COLUMNS = ("source_file", "source_line", "landing_issue")


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


def land_register(
    extract: Extract, extracts_root: Path, scratch: Path, landed_root: Path
) -> tuple[list[LandedFile], list[LandingProblem]]:
    """Every raw file of one register, each written to its copy under scratch; problems of all."""
    paths, problems = files_of(extract, extracts_root / extract.system, REGISTER_SUFFIX)
    files = []
    for path in paths:
        relative = Path(extract.system) / path.name
        landed, found = land_register_file(path, extract, scratch / relative, landed_root / relative)
        problems.extend(found)
        if landed:
            files.append(landed)
    return files, problems


def register_extracts(extracts: dict[str, Extract] | None = None) -> list[Extract]:
    """The registers of the contract: every extract but the attendance feed."""
    extracts = load_extracts() if extracts is None else extracts
    return [e for e in extracts.values() if not e.is_feed]


def replace_copies(extracts: list[Extract], scratch: Path, landed_root: Path) -> None:
    """A new landing replaces the old: each register's older copies removed, then the new moved in."""
    for extract in extracts:
        folder = landed_root / extract.system
        for old in folder.glob(f"{extract.table}_*.{REGISTER_SUFFIX}"):
            old.unlink()
        for new in sorted((scratch / extract.system).glob(f"{extract.table}_*.{REGISTER_SUFFIX}")):
            folder.mkdir(parents=True, exist_ok=True)
            new.replace(folder / new.name)
