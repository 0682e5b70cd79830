"""A check, written once: its name, the expectation it builds, whether it blocks, and its message.

Every expectation of a suite is built by a check (`Check.expect`), which
writes into the expectation's meta `blocking`, `check` (its name), `part`
(which part of the suite it runs in, see split_suite: `header`, on the columns
a file arrived with, before anything else; `checks`; `vs_previous_run`, run
only when a previous run left its figures) and, for a row-level check,
`rule_code` (the dq_rules seed's code written to _arrival_issues.csv). A
failed expectation finds its check again by that name in the checks its
validation ran (`Checked.checks`), and the check's message says what failed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import great_expectations as gx
from great_expectations.core import ExpectationValidationResult
from great_expectations.expectations.expectation import Expectation

from cmoe.paths import PROJECT_DIR
from cmoe.quality import gx_expectations  # noqa: F401  (registers the project's expectations: load_suite)

if TYPE_CHECKING:
    from cmoe.quality.messages import Checked

EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
SUITES_DIR = EXPECTATIONS_DIR / "expectations"
# A check's severity: a failure stops the run (critical), or is printed while it goes on (warning).
CRITICAL, WARNING = "critical", "warning"
# The parts of a suite (split_suite), as each expectation's meta names its own.
HEADER, CHECKS, VS_PREVIOUS_RUN = "header", "checks", "vs_previous_run"

Message = Callable[["Checked[Any]", ExpectationValidationResult], str]


@dataclass(frozen=True)
class Check:
    """One check: the expectation it builds, its severity, the line its failure prints, and the part
    of the suite it runs in. A row-level check's name is its rule_code."""

    name: str
    expectation: type[Expectation]
    severity: str  # CRITICAL or WARNING
    message: Message
    part: str = CHECKS
    row_level: bool = False

    @property
    def blocking(self) -> bool:
        return self.severity == CRITICAL

    def expect(
        self, description: str, *, expectation: type[Expectation] | None = None, **kwargs: object
    ) -> Expectation:
        """The expectation (another class than the usual one when given), its meta naming this check."""
        meta: dict = {"blocking": self.blocking, "check": self.name, "part": self.part}
        if self.row_level:
            meta["rule_code"] = self.name
        built = expectation or self.expectation
        return built(severity=self.severity, meta=meta, description=description, **kwargs)


def by_name(*groups: Iterable[Check]) -> dict[str, Check]:
    """Checks by name, for a validation to find the check of each failed expectation."""
    found: dict[str, Check] = {}
    for check in (check for group in groups for check in group):
        if found.setdefault(check.name, check) is not check:
            raise ValueError(f"two checks named {check.name}")
    return found


def parameter(name: str) -> dict[str, str]:
    """A suite parameter, given its value when the suite runs."""
    return {"$PARAMETER": name}


def parameter_name(column: str, suffix: str) -> str:
    """A suite parameter's name for a column (letters, digits and underscores only)."""
    return f"{re.sub(r'[^0-9A-Za-z]', '_', column)}_{suffix}"


def suite(
    name: str, kind: str, expectations: list[Expectation], system: str | None = None
) -> gx.ExpectationSuite:
    """A suite as generated (its meta says what kind it is and what generated it)."""
    meta = {"cmoe": {"kind": kind, "generated_by": "cmoe.quality.build_suites"}}
    if system:
        meta["cmoe"]["system"] = system
    return gx.ExpectationSuite(name=name, expectations=expectations, meta=meta)


def load_suite(name: str, directory: Path = SUITES_DIR) -> gx.ExpectationSuite:
    """A committed suite, as an ExpectationSuite not yet in any context."""
    return gx.ExpectationSuite(**json.loads((directory / f"{name}.json").read_text(encoding="utf-8")))


class SuiteParts(NamedTuple):
    """A suite as it runs, in three: on a file's header, on its rows, and against the previous run."""

    header: gx.ExpectationSuite
    checks: gx.ExpectationSuite
    comparisons: gx.ExpectationSuite


def split_suite(whole: gx.ExpectationSuite) -> SuiteParts:
    """A suite in its parts: `<suite>.header` (run on each file's header first), `<suite>` (its checks,
    run on every file whose header holds the contract's columns) and `<suite>.vs_previous_run` (run on
    an extract's latest file when a previous run left figures)."""

    def part(name: str, part: str) -> gx.ExpectationSuite:
        chosen = [e for e in whole.expectations if e.meta["part"] == part]
        return gx.ExpectationSuite(name=name, expectations=chosen, meta=whole.meta)

    return SuiteParts(
        header=part(f"{whole.name}.{HEADER}", HEADER),
        checks=part(whole.name, CHECKS),
        comparisons=part(f"{whole.name}.{VS_PREVIOUS_RUN}", VS_PREVIOUS_RUN),
    )
