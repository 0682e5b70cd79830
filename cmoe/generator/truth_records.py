"""Truth rows as CSV text (dates ISO, booleans true/false, None empty), and read back."""

from __future__ import annotations

import csv
import dataclasses
import typing
from datetime import date
from functools import cache
from operator import attrgetter
from pathlib import Path


def _text(value: object) -> object:
    """A truth value as CSV text: dates ISO, booleans true/false, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_record(row) -> list[object]:
    """A truth row's values as CSV text, in the order of its fields."""
    return [_text(value) for value in attrgetter(*_field_names(type(row)))(row)]


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(record_type))


def read_records(path: Path, record_type: type) -> list:
    """Truth rows written by as_record, read back as `record_type`."""
    types = typing.get_type_hints(record_type)

    def value(name: str, text: str) -> object:
        kind = types[name]
        if text == "" and kind in (date | None, int | None):
            return None
        if kind is bool:
            return text == "true"
        if kind in (date, date | None):
            return date.fromisoformat(text)
        return int(text) if kind is int else text

    with path.open(newline="", encoding="utf-8") as handle:
        return [
            record_type(**{name: value(name, text) for name, text in row.items()})
            for row in csv.DictReader(handle)
        ]
