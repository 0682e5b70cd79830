"""Small text helpers shared by the landing step and the quality checks (no heavy imports)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

# How many line numbers (or values) a message lists before ", ...".
LINES_LISTED = 5


def listed(values: Sequence, limit: int = LINES_LISTED) -> str:
    """The first `limit` values, comma-separated, with ', ...' when there are more."""
    shown = ", ".join(str(value) for value in values[:limit])
    return shown + (", ..." if len(values) > limit else "")


def sql_literal(value: object) -> str:
    """A value as a DuckDB string literal (a path, a file name)."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A column name quoted for DuckDB (a contract column may hold spaces or another case)."""
    return '"' + name.replace('"', '""') + '"'


# How a CSV attendance feed is read: its header, every column as text (parsed later, so that a bad
# value is reported on its line rather than failing the read).
FEED_CSV_OPTIONS = "header = true, all_varchar = true, delim = ','"


def csv_text(header: Sequence[str], rows: Iterable[Sequence | Mapping]) -> str:
    """A CSV text with `\n` line ends: the header, then the rows (sequences, or mappings by header name)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row[name] for name in header] if isinstance(row, Mapping) else row for row in rows)
    return text.getvalue()


def write_atomically(path: Path, text: str) -> Path:
    """Write a text file whole or not at all (a reader never sees half of it)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="")
    partial.replace(path)
    return path
