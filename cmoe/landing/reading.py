"""Reading a raw file's text and header: its encoding, its delimiter, its columns mapped by name."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cmoe.landing.problems import LandingProblem

# The delimiters a register may use, by the name _landed_files.csv gives them.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


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
