"""Raw register files in tests: read and written with the csv module, as a source system writes them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cmoe.pseudonyms import record_generated

Records = list[list[str]]


def read_records(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> Records:
    """Every record of a CSV file as the csv module reads it (blank lines skipped), header first."""
    with path.open(newline="", encoding=encoding) as handle:
        return [fields for fields in csv.reader(handle, delimiter=delimiter) if fields]


def csv_text(records: Records, delimiter: str = ",") -> str:
    """Records written as an MIS would (csv module, CRLF line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(records)
    return buffer.getvalue()


def write_records(path: Path, records: Records, delimiter: str = ",", encoding: str = "utf-8") -> None:
    """Write records as csv_text does, in the given encoding."""
    path.write_bytes(csv_text(records, delimiter).encode(encoding))


def mark_synthetic(extracts_root: Path) -> None:
    """Registers a test has edited, recorded as still synthetic (made from generated ones), so that a
    build of them may use the default pseudonym salt (cmoe.pseudonyms) and keep the child ids."""
    record_generated(extracts_root, sorted(extracts_root.glob("*/*.csv")), "generated, edited by a test")
