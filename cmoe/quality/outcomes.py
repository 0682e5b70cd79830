"""What a validation found, as the short lines the run prints: blocking failures and warnings.

Each expectation's meta says whether it blocks and what it checks (`check`);
a message function per check turns a failed expectation into one line naming
the file (or table), the column and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult


@dataclass
class Checked:
    """One validation of a run: what was validated (label: a file or table), its frame and result."""

    label: str
    suite: str
    batch: str
    result: ExpectationSuiteValidationResult
    frame: pd.DataFrame
    facts: dict = field(default_factory=dict)  # what the messages need: extract date, previous figures...
    page: Path | None = None  # its Data Docs page, once built

    def failed(self) -> Iterator[ExpectationValidationResult]:
        """The expectations that failed (or could not run), in suite order."""
        return (item for item in self.result.results if not item.success)


Message = Callable[[Checked, ExpectationValidationResult], str]


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


def describe(checked: Checked, item: ExpectationValidationResult, messages: dict[str, Message]) -> str:
    """One line for a failed expectation: `<label>: <column>: <what>`."""
    where = f"{checked.label}: {column_of(item)}" if column_of(item) else checked.label
    if error := raised(item):
        return f"{where}: {item.expectation_config.type} could not run: {error}"
    message = messages.get(check_of(item))
    if message is None:
        return f"{where}: {item.expectation_config.description or item.expectation_config.type} failed"
    return message(checked, item)


def blocking_failures(checked: list[Checked], messages: dict[str, Message]) -> list[tuple[Checked, str]]:
    """Every blocking failure, with the validation it belongs to."""
    return [
        (one, describe(one, item, messages)) for one in checked for item in one.failed() if is_blocking(item)
    ]


def is_row_level(item: ExpectationValidationResult) -> bool:
    """An expectation on each row, whose rows are listed one by one (its meta names a rule_code)."""
    return bool((item.expectation_config.meta or {}).get("rule_code"))


def warnings_of(
    checked: list[Checked], messages: dict[str, Message], file_level_only: bool = False
) -> list[str]:
    """Every warning (or only those on whole files, not row by row), one line each."""
    return [
        describe(one, item, messages)
        for one in checked
        for item in one.failed()
        if not is_blocking(item) and not (file_level_only and is_row_level(item))
    ]


def unexpected_lines(item: ExpectationValidationResult, index_column: str = "source_line") -> list[int]:
    """The lines of the rows an expectation found unexpected (from unexpected_index_list)."""
    rows = (item.result or {}).get("unexpected_index_list") or []
    return sorted({int(row[index_column]) for row in rows if isinstance(row, dict) and row.get(index_column)})
