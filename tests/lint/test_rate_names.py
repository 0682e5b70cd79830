"""Rates in the public report models are named for their base: `<what>_per_100` (or per 1, per 1000).

A BI developer reading `suspension_rate` cannot tell a share (0 to 1) from a percentage or a rate
per 1000; `suspensions_per_100` says it. A numeric column is a rate when its name says so (a part
`rate`, `perc`, `pct`, `percent`, `percentage`) or its description does (`per 100`, `per 1000` ...).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPORTING_DIR = Path(__file__).resolve().parents[2] / "models" / "marts" / "reporting"
NUMERIC_TYPES = ("double", "decimal", "integer", "bigint", "float", "numeric")
RATE_NAME_PARTS = frozenset({"rate", "rates", "perc", "pct", "percent", "percentage"})
RATE_DESCRIPTION = re.compile(r"\bper 10*\b", re.IGNORECASE)
BASE_SUFFIX = re.compile(r"_per_10*$")


def lacks_base_suffix(name: str, description: str, data_type: str) -> bool:
    """True for a numeric column said to be a rate whose name does not end in its base."""
    numeric = data_type.lower().startswith(NUMERIC_TYPES)
    name_says_rate = bool(RATE_NAME_PARTS & set(name.lower().split("_")))
    said_rate = name_says_rate or bool(RATE_DESCRIPTION.search(description))
    return numeric and said_rate and not BASE_SUFFIX.search(name)


def reporting_columns() -> list[tuple[str, dict]]:
    """(model, column) of every column the reporting models' YAML declares."""
    return [
        (model["name"], column)
        for path in sorted(REPORTING_DIR.rglob("_*__models.yml"))
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]
        for column in model.get("columns", [])
    ]


@pytest.mark.parametrize(
    ("name", "description", "data_type", "lacking"),
    [
        ("suspension_rate", "Suspensions / headcount.", "double", True),
        ("attendance_perc", "Attendance.", "double", True),
        ("absence_share", "Absent sessions per 100 possible sessions.", "double", True),
        ("suspensions_per_100", "Suspensions per 100 pupils.", "double", False),
        ("incidents_per_1000", "Incidents per 1000 pupils.", "double", False),
        ("suspensions", "Suspensions in the year.", "bigint", False),
        ("measure", "The measure, e.g. suspensions_per_100 (a rate per 100).", "varchar", False),
    ],
)
def test_rule(name: str, description: str, data_type: str, lacking: bool) -> None:
    assert lacks_base_suffix(name, description, data_type) is lacking


def test_reporting_rates_are_named_for_their_base() -> None:
    columns = reporting_columns()
    assert any(BASE_SUFFIX.search(column["name"]) for _, column in columns)
    unnamed = [
        f"{model}.{column['name']}"
        for model, column in columns
        if lacks_base_suffix(column["name"], column.get("description", ""), column.get("data_type", ""))
    ]
    assert unnamed == [], "rates without a base suffix (_per_100): " + ", ".join(unnamed)
