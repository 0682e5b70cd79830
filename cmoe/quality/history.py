"""The previous run's figures: each extract's rows and its columns' share of non-empty values.

Kept per workspace in `<quality_dir>/arrival_history.json`, written after an
arrival run that was not blocked; the next run compares its files with them
(row count from -20% to +25%, each column's empty share within 10 points).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from great_expectations.expectations.expectation import Expectation

from cmoe.quality.checks import Check, parameter, parameter_name
from cmoe.text import write_atomically

HISTORY_FILE = "arrival_history.json"
# File-level bands around the previous run's figures: rows from -20% to +25%,
# each column's share of empty values within 10 points.
ROW_COUNT_BAND = (-0.20, 0.25)
EMPTY_SHARE_POINTS = 0.10
# The suite parameters of the bands (given by band_parameters).
ROWS_MIN, ROWS_MAX = "rows_min", "rows_max"


def share_bounds(column: str) -> tuple[str, str]:
    """The suite parameters bounding a column's share of non-empty values."""
    return parameter_name(column, "non_empty_min"), parameter_name(column, "non_empty_max")


def band_text() -> str:
    low, high = ROW_COUNT_BAND
    return f"{low:+.0%}/{high:+.0%}"


def points_text() -> str:
    return f"{EMPTY_SHARE_POINTS * 100:.0f} points"


@dataclass(frozen=True)
class Figures:
    """An extract's figures in one run: its rows and each column's share of non-empty values."""

    source_file: str  # the file they are of (the feed's files, separated by ';')
    extract_date: str  # ISO
    rows: int
    non_empty_share: dict[str, float | None]

    @classmethod
    def saved(cls, figures: dict) -> Figures:
        """Figures as a run saved them."""
        return cls(
            figures.get("source_file", ""),
            figures.get("extract_date", ""),
            int(figures["rows"]),
            figures.get("non_empty_share") or {},
        )


def register_figures(frame: pd.DataFrame, columns: list[str], source_file: str, extract_date: str) -> Figures:
    """A register file's figures from its validation frame (empty values as nulls)."""
    rows = len(frame)
    shares = {column: round(float(frame[column].notna().mean()), 6) if rows else None for column in columns}
    return Figures(source_file, extract_date, rows, shares)


def load_history(quality_dir: Path) -> dict[str, Figures]:
    """The previous run's figures by extract; empty when there was none."""
    path = quality_dir / HISTORY_FILE
    if not path.is_file():
        return {}
    extracts = json.loads(path.read_text(encoding="utf-8")).get("extracts", {})
    return {table: Figures.saved(figures) for table, figures in extracts.items()}


def save_history(quality_dir: Path, extracts: dict[str, Figures]) -> Path:
    """Write this run's figures (after a run that was not blocked)."""
    path = quality_dir / HISTORY_FILE
    document = {
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "extracts": {table: asdict(figures) for table, figures in extracts.items()},
    }
    return write_atomically(path, json.dumps(document, indent=2, sort_keys=True) + "\n")


def band_parameters(previous: Figures, columns: list[str]) -> dict[str, float | int]:
    """The suite parameters of the comparison expectations, from the previous run's figures."""
    rows = previous.rows
    low, high = ROW_COUNT_BAND
    parameters: dict[str, float | int] = {
        ROWS_MIN: math.ceil(rows * (1 + low)),
        ROWS_MAX: math.floor(rows * (1 + high)),
    }
    for column in columns:
        share = previous.non_empty_share.get(column)
        minimum = 0.0 if share is None else max(0.0, round(share - EMPTY_SHARE_POINTS, 6))
        maximum = 1.0 if share is None else min(1.0, round(share + EMPTY_SHARE_POINTS, 6))
        lower, upper = share_bounds(column)
        parameters[lower], parameters[upper] = minimum, maximum
    return parameters


# --- The comparisons' expectations (registers and feed alike) -------------------------------------------


def rows_band(check: Check, noun: str, **column: str) -> Expectation:
    """An extract's rows (noun: what they are) within the band around the previous run's; `column`, where
    the check reads the count from a column (the feed's summary)."""
    return check.expect(
        f"{noun} within {band_text()} of the previous run's",
        **column,
        min_value=parameter(ROWS_MIN),
        max_value=parameter(ROWS_MAX),
    )


def empty_share_bands(
    check: Check, columns: Iterable[str], measured: Callable[[str], str] = lambda name: name
) -> list[Expectation]:
    """Each column's share of empty values within points of the previous run's, read from the column
    `measured` names (the column itself, or the feed summary's column of its share)."""
    expectations = []
    for name in columns:
        lower, upper = share_bounds(name)
        expectations.append(
            check.expect(
                f"{name}: share of empty values within {points_text()} of the previous run's",
                column=measured(name),
                min_value=parameter(lower),
                max_value=parameter(upper),
            )
        )
    return expectations


# --- The messages of the comparisons (registers and feed alike) -----------------------------------------


def rows_message(label: str, rows: int, noun: str, previous: Figures) -> str:
    """A row count outside the band around the previous run's."""
    change = rows / previous.rows - 1 if previous.rows else float("inf")
    low, high = ROW_COUNT_BAND
    return (
        f"{label}: {rows:,} {noun}, {change:+.0%} on the previous run's {previous.rows:,} "
        f"({previous.source_file}; expected {low:+.0%} to {high:+.0%})"
    )


def empty_share_message(label: str, column: str, result: dict, previous: Figures) -> str:
    """A column's share of empty values outside the band around the previous run's (result: what GX
    observed)."""
    observed = result.get("observed_value")
    if observed is None:
        observed = (result.get("unexpected_list") or [None])[0]
    before = previous.non_empty_share.get(column)
    empty = "unknown" if observed is None else f"{1 - float(observed):.1%}"
    earlier = "unknown" if before is None else f"{1 - float(before):.1%}"
    return (
        f"{label}: {column}: {empty} empty, {earlier} in the previous run (expected within {points_text()})"
    )
