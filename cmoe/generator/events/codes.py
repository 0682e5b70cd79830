"""The code lists events draw from, read from the reference seeds.

The seeds say which codes exist, what kind each is and when each is valid;
the events add only how often each is drawn. The weights stay keyed by code
in each event's module, in the order they have always had (the order is part
of the draw), and `checked` makes sure every code is one its seed holds.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache

from cmoe.paths import REFERENCE_SEEDS_DIR


@cache
def _rows(seed: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE_SEEDS_DIR / f"{seed}.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def _code(row: dict[str, str]) -> str:
    """Each code list's first column is its code."""
    return next(iter(row.values()))


def checked(weights: dict[str, float], seed: str) -> dict[str, float]:
    """The weights as they are, once every code is known to the seed."""
    unknown = set(weights) - {_code(row) for row in _rows(seed)}
    if unknown:
        raise ValueError(f"codes not in seeds/reference/{seed}.csv: {sorted(unknown)}")
    return weights


def checked_codes(seed: str, *codes: str) -> None:
    """Codes the events write as they are (no weights) must be in the seed too."""
    checked(dict.fromkeys(codes, 1.0), seed)


@dataclass(frozen=True)
class DatedCode:
    code: str
    kind: str  # the seed's grouping of the code, where it has one (exclusion_type)
    valid_from: date
    valid_to: date | None  # None: still valid

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _dated(seed: str, kind_column: str = "") -> tuple[DatedCode, ...]:
    return tuple(
        DatedCode(
            _code(row),
            row.get(kind_column, ""),
            date.fromisoformat(row["valid_from"]),
            date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        )
        for row in _rows(seed)
    )


EXCLUSION_REASONS = {reason.code: reason for reason in _dated("exclusion_reasons")}
EXCLUSION_CATEGORIES = _dated("exclusion_categories", "exclusion_type")
# The list of reasons last changed (September 2020: "other" went, new reasons came in) on the day
# its newest codes became valid; from then a school records up to three reasons per exclusion.
REASONS_CHANGED = max(reason.valid_from for reason in EXCLUSION_REASONS.values())


def valid_reasons(weights: dict[str, float], day: date) -> dict[str, float]:
    """The weighted exclusion reasons valid on `day`, in the weights' own order."""
    return {code: weight for code, weight in weights.items() if EXCLUSION_REASONS[code].is_valid_on(day)}


def exclusion_category(exclusion_type: str, day: date) -> str:
    """The category code of the type on `day` (a suspension was FIXD until August 2021, then SUSP)."""
    (category,) = (
        category.code
        for category in EXCLUSION_CATEGORIES
        if category.kind == exclusion_type and category.is_valid_on(day)
    )
    return category


def medical_provision_type(code: str) -> str:
    """medical_s19 (the LA's own teaching) or hospital_school, by provision type code."""
    return {_code(row): row["provision_type"] for row in _rows("medical_provision_types")}[code]
