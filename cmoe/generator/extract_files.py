"""An extract's file: its rows under the contract's header, each line with the child behind it."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cmoe.contract import Extract


@dataclass(frozen=True)
class RecordOwner:
    table: str
    file_name: str
    line: int
    child_id: int


def write_rows(
    extract: Extract, folder: Path, date_text: str, rows: Iterable[tuple[int, dict[str, str]]]
) -> list[RecordOwner]:
    """Write (child_id, row) pairs under the contract's header; every column must be given."""
    folder.mkdir(parents=True, exist_ok=True)
    file_name = extract.file_name(date_text)
    owners: list[RecordOwner] = []
    with (folder / file_name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(extract.columns)
        for line, (child_id, row) in enumerate(rows, start=2):
            writer.writerow([row[column] for column in extract.columns])
            owners.append(RecordOwner(extract.table, file_name, line, child_id))
    return owners
