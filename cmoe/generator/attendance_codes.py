"""The attendance codes, read from the committed seed, and how each is counted on a date.

seeds/reference/attendance_codes.csv holds both code sets with their
validity dates: the 2006 Regulations' set (to 18 August 2024) and the 2024
Regulations' set (from 19 August 2024). A mark is counted by the row of its
code valid on its date; a code used outside its dates (a school still using
H in 2025, or K before 2024) by the latest row of that code in the other set;
a code on no list (`?`) is unknown and no possible session.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from cmoe.paths import REFERENCE_SEEDS_DIR

UNKNOWN_CODE = "?"  # a mark on no code list, as some feeds carry
CATEGORIES = (
    "present",
    "approved_educational_activity",
    "authorised_absence",
    "unauthorised_absence",
    "not_possible",
    "unknown",
)
CATEGORY = {name: index for index, name in enumerate(CATEGORIES)}
ILLNESS = "I"

# How schools wrote the same thing under the 2006 set: the 2024 set split
# some codes (C into C, C1 and C2; B into B and K; Y into Y1 to Y7 and Q) and
# moved the interview (J, approved activity) to authorised leave (J1).
IN_2006_SET = {
    "K": "B",
    "C1": "C",
    "C2": "C",
    "J1": "J",
    "Q": "Y",
    **{f"Y{number}": "Y" for number in range(1, 8)},
}
# ... and the other way: the 2024 set has no agreed holiday (H); leave is C.
IN_2024_SET = {"H": "C"}


@dataclass(frozen=True)
class CodeRow:
    code: str
    code_set: str
    category: str
    counts_as_possible: bool
    is_unexplained_absence: bool
    is_deletion_run_code: bool
    valid_from: date
    valid_to: date | None  # None: still valid

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Classified:
    """Session marks counted: one value per mark."""

    category: np.ndarray  # index into CATEGORIES
    is_possible: np.ndarray
    is_unexplained: np.ndarray
    is_deletion_run: np.ndarray
    is_illness: np.ndarray


class CodeBook:
    """The seed's rows, and a lookup from (code, date) to how a mark counts."""

    def __init__(self, rows: list[CodeRow]):
        self.rows = rows
        self.codes: tuple[str, ...] = (*dict.fromkeys(row.code for row in rows), UNKNOWN_CODE)
        self.index = {code: position for position, code in enumerate(self.codes)}
        # The dates where any row starts or stops being valid cut time into periods
        # in which every code counts the same way.
        cuts = {row.valid_from for row in rows} | {
            date.fromordinal(row.valid_to.toordinal() + 1) for row in rows if row.valid_to
        }
        self.period_starts = np.array(sorted(cuts), dtype="datetime64[D]")
        periods = [date.min, *sorted(cuts)]
        rows_by_period = [[self.row_for(code, start) for code in self.codes] for start in periods]

        def lookup(value, dtype) -> np.ndarray:
            return np.array([[value(row) for row in period] for period in rows_by_period], dtype=dtype)

        self._lookups = (
            lookup(lambda row: CATEGORY[row.category] if row else CATEGORY["unknown"], np.int8),
            lookup(lambda row: bool(row and row.counts_as_possible), bool),
            lookup(lambda row: bool(row and row.is_unexplained_absence), bool),
            lookup(lambda row: bool(row and row.is_deletion_run_code), bool),
            lookup(lambda row: bool(row and row.code == ILLNESS), bool),
        )

    @classmethod
    def from_seed(cls, path: Path = REFERENCE_SEEDS_DIR / "attendance_codes.csv") -> CodeBook:
        with path.open(newline="", encoding="utf-8") as handle:
            return cls([_row(record) for record in csv.DictReader(handle)])

    def set_starts(self, code_set: str) -> date:
        """The first day of a code set."""
        return min(row.valid_from for row in self.rows if row.code_set == code_set)

    def row_for(self, code: str, day: date) -> CodeRow | None:
        """The row a mark of `code` on `day` is counted by (None: the code is on no list)."""
        rows = [row for row in self.rows if row.code == code]
        valid = [row for row in rows if row.is_valid_on(day)]
        if valid:
            return valid[0]
        return max(rows, key=lambda row: row.valid_from, default=None)

    def classify(self, codes: np.ndarray, days: np.ndarray) -> Classified:
        """How marks count: `codes` are indexes into self.codes, `days` datetime64[D] (or day numbers)."""
        period = np.searchsorted(self.period_starts, days.astype("datetime64[D]"), side="right")
        return Classified(*(lookup[period, codes] for lookup in self._lookups))

    def code_in_force(self, label: str, day: date) -> str:
        """The code a school wrote for `label` (a code of either set) on `day`."""
        mapping = IN_2006_SET if day < self.set_starts("2024") else IN_2024_SET
        return mapping.get(label, label)


def _row(record: dict[str, str]) -> CodeRow:
    def flag(name: str) -> bool:
        return record[name].strip().lower() == "true"

    return CodeRow(
        code=record["attendance_code"],
        code_set=record["code_set"],
        category=record["category"],
        counts_as_possible=flag("counts_as_possible"),
        is_unexplained_absence=flag("is_unexplained_absence"),
        is_deletion_run_code=flag("is_deletion_run_code"),
        valid_from=date.fromisoformat(record["valid_from"]),
        valid_to=date.fromisoformat(record["valid_to"]) if record["valid_to"] else None,
    )
