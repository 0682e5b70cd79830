"""The attendance-code seed: which category each code counts in, on a given day."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cmoe.paths import REFERENCE_SEEDS_DIR

ATTENDANCE_CODES_SEED = REFERENCE_SEEDS_DIR / "attendance_codes.csv"


@dataclass(frozen=True)
class AttendanceCode:
    """One row of the attendance-code seed: a code as one code set defined it."""

    attendance_code: str
    code_set: str
    category: str
    counts_as_possible: bool
    valid_from: date
    valid_to: date | None

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def load_attendance_codes(path: Path = ATTENDANCE_CODES_SEED) -> tuple[AttendanceCode, ...]:
    """The seed's rows (seeds/reference/attendance_codes.csv unless told)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            AttendanceCode(
                attendance_code=row["attendance_code"],
                code_set=row["code_set"],
                category=row["category"],
                counts_as_possible=row["counts_as_possible"] == "true",
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
            )
            for row in csv.DictReader(handle)
        )


def code_on(codes: tuple[AttendanceCode, ...], code: str, day: date) -> AttendanceCode:
    """The seed row that decides `code`'s category on `day`.

    The row valid that day; for a code not valid then (H or J after the 2024
    code set replaced them, still published as legacy columns) the latest row
    for it, i.e. the code set it last belonged to. KeyError if the seed never
    lists the code.
    """
    rows = [row for row in codes if row.attendance_code == code]
    if not rows:
        raise KeyError(f"attendance code {code!r} is in no code set of the seed")
    valid = [row for row in rows if row.is_valid_on(day)]
    return max(valid or rows, key=lambda row: row.valid_from)
