"""The previous run's figures: each extract's rows and its columns' share of non-empty values.

Kept per workspace in `<quality_dir>/arrival_history.json`, written after an
arrival run that was not blocked; the next run compares its files with them
(row count from -20% to +25%, each column's empty share within 10 points).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from cmoe.quality.suites import EMPTY_SHARE_POINTS, ROW_COUNT_BAND, parameter_name
from cmoe.text import write_atomically

HISTORY_FILE = "arrival_history.json"


def figures(frame: pd.DataFrame, columns: list[str], **about: object) -> dict:
    """An extract's figures from its validation frame (empty values as nulls)."""
    rows = len(frame)
    shares = {column: round(float(frame[column].notna().mean()), 6) if rows else None for column in columns}
    return {**about, "rows": rows, "non_empty_share": shares}


def load_history(quality_dir: Path) -> dict[str, dict]:
    """The previous run's figures by extract; empty when there was none."""
    path = quality_dir / HISTORY_FILE
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("extracts", {})


def save_history(quality_dir: Path, extracts: dict[str, dict]) -> Path:
    """Write this run's figures (after a run that was not blocked)."""
    path = quality_dir / HISTORY_FILE
    document = {"written_at": datetime.now(UTC).isoformat(timespec="seconds"), "extracts": extracts}
    return write_atomically(path, json.dumps(document, indent=2, sort_keys=True) + "\n")


def band_parameters(previous: dict, columns: list[str]) -> dict[str, float | int]:
    """The suite parameters of the comparison expectations, from the previous run's figures."""
    rows = int(previous["rows"])
    low, high = ROW_COUNT_BAND
    parameters: dict[str, float | int] = {
        "rows_min": math.ceil(rows * (1 + low)),
        "rows_max": math.floor(rows * (1 + high)),
    }
    shares = previous.get("non_empty_share") or {}
    for column in columns:
        share = shares.get(column)
        minimum = 0.0 if share is None else max(0.0, round(share - EMPTY_SHARE_POINTS, 6))
        maximum = 1.0 if share is None else min(1.0, round(share + EMPTY_SHARE_POINTS, 6))
        parameters[parameter_name(column, "non_empty_min")] = minimum
        parameters[parameter_name(column, "non_empty_max")] = maximum
    return parameters
