"""What a validation found, as the short lines the run prints: blocking failures and warnings.

Each failed expectation is described by the message of its check (found by
the name in its meta among the checks the validation ran): one line naming
the file (or table), the column and what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

import pandas as pd
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult

from cmoe.quality.checks import Check

F = TypeVar("F")


@dataclass
class Checked(Generic[F]):
    """One validation of a run: what was validated (label: a file or table), its frame and result, the
    checks its suite was built from, and the facts their messages need."""

    label: str
    suite: str
    batch: str
    result: ExpectationSuiteValidationResult
    frame: pd.DataFrame
    checks: Mapping[str, Check]
    facts: F
    page: Path | None = None  # its Data Docs page, once built

    def failed(self) -> Iterator[ExpectationValidationResult]:
        """The expectations that failed (or could not run), in suite order."""
        return (item for item in self.result.results if not item.success)

    def blocks(self) -> bool:
        return any(is_blocking(item) for item in self.failed())


def is_blocking(item: ExpectationValidationResult) -> bool:
    return bool((item.expectation_config.meta or {}).get("blocking"))


def check_of(item: ExpectationValidationResult) -> str:
    return (item.expectation_config.meta or {}).get("check", item.expectation_config.type)


def column_of(item: ExpectationValidationResult) -> str | None:
    return item.expectation_config.kwargs.get("column")


def raised(item: ExpectationValidationResult) -> str | None:
    """The exception's message when the expectation could not run, else None."""
    info = item.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "error")
    nested = [value for value in info.values() if isinstance(value, dict) and value.get("raised_exception")]
    return str(nested[0].get("exception_message") or "error") if nested else None


def describe(checked: Checked, item: ExpectationValidationResult) -> str:
    """One line for a failed expectation: `<label>: <column>: <what>`."""
    where = f"{checked.label}: {column_of(item)}" if column_of(item) else checked.label
    if error := raised(item):
        return f"{where}: {item.expectation_config.type} could not run: {error}"
    check = checked.checks.get(check_of(item))
    if check is None:
        return f"{where}: {item.expectation_config.description or item.expectation_config.type} failed"
    return check.message(checked, item)


def blocking_failures(checked: list[Checked]) -> list[tuple[Checked, str]]:
    """Every blocking failure, with the validation it belongs to."""
    return [(one, describe(one, item)) for one in checked for item in one.failed() if is_blocking(item)]


def is_row_level(item: ExpectationValidationResult) -> bool:
    """An expectation on each row, whose rows are listed one by one (its meta names a rule_code)."""
    return bool((item.expectation_config.meta or {}).get("rule_code"))


def warnings_of(checked: list[Checked], file_level_only: bool = False) -> list[str]:
    """Every warning (or only those on whole files, not row by row), one line each."""
    return [
        describe(one, item)
        for one in checked
        for item in one.failed()
        if not is_blocking(item) and not (file_level_only and is_row_level(item))
    ]


def unexpected_lines(item: ExpectationValidationResult, index_column: str = "source_line") -> list[int]:
    """The lines of the rows an expectation found unexpected (from unexpected_index_list)."""
    rows = (item.result or {}).get("unexpected_index_list") or []
    return sorted({int(row[index_column]) for row in rows if isinstance(row, dict) and row.get(index_column)})


def day(iso: date | str) -> str:
    """A date as the messages write it, dd/mm/yyyy."""
    return (iso if isinstance(iso, date) else date.fromisoformat(iso)).strftime("%d/%m/%Y")


def quoted(names: list[str]) -> str:
    """Column names, quoted where spaces or emptiness would hide them."""
    return ", ".join(name if name.strip() == name and name else repr(name) for name in names)
