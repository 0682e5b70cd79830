"""The header checks: which columns a file arrived with, and in what order, before anything else.

A contract column missing blocks (the file's other checks are not run); a
column outside the contract and another order warn (landing maps columns by
name and drops the others). The header is validated as an empty DataFrame
with the columns the file arrived with.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.core import ExpectationValidationResult
from great_expectations.expectations.expectation import Expectation

from cmoe.quality import gx_expectations as cmoe_gx
from cmoe.quality.checks import CRITICAL, HEADER, WARNING, Check, by_name
from cmoe.quality.declarations import ExtractDeclaration
from cmoe.quality.gx_run import GxRun
from cmoe.quality.landed import LandedExtract
from cmoe.quality.messages import Checked, quoted
from cmoe.text import listed


def _where(checked: Checked[LandedExtract]) -> str:
    landed = checked.facts
    return checked.label if landed.header_line is None else f"{checked.label}: line {landed.header_line}"


def _mismatched(item: ExpectationValidationResult, kind: str, order: list[str]) -> list[str]:
    """The columns GX found missing or unexpected, in the contract's or the header's order."""
    found = set(((item.result or {}).get("details") or {}).get("mismatched", {}).get(kind, []))
    return [name for name in dict.fromkeys(order) if name in found]


def _columns_present(checked: Checked[LandedExtract], item: ExpectationValidationResult) -> str:
    landed = checked.facts
    contract = [column.name for column in landed.extract.columns]
    missing = _mismatched(item, "missing", contract)
    text = (
        f"{_where(checked)}: missing_columns: {', '.join(missing)} not in the "
        f"{'schema' if landed.header_line is None else 'header'}"
    )
    if extra := _mismatched(item, "unexpected", list(landed.arrived_columns)):
        text += f" (it has {quoted(extra)}, not in the contract)"
    return text


def _extra_columns(checked: Checked[LandedExtract], item: ExpectationValidationResult) -> str:
    landed = checked.facts
    extra = _mismatched(item, "unexpected", list(landed.arrived_columns))
    fate = "not read" if landed.extract.is_feed else "dropped from the copy"
    return f"{_where(checked)}: extra_columns: {quoted(extra)} not in the contract, {fate}"


def _column_order(checked: Checked[LandedExtract], item: ExpectationValidationResult) -> str:
    arrived = ((item.result or {}).get("details") or {}).get("arrived_order", [])
    return f"{_where(checked)}: column_order: columns in another order, mapped by name ({listed(arrived)})"


COLUMNS_PRESENT = Check(
    "columns_present", gxe.ExpectTableColumnsToMatchSet, CRITICAL, _columns_present, HEADER
)
EXTRA_COLUMNS = Check("extra_columns", gxe.ExpectTableColumnsToMatchSet, WARNING, _extra_columns, HEADER)
COLUMN_ORDER = Check("column_order", cmoe_gx.ExpectTableColumnsToFollowOrder, WARNING, _column_order, HEADER)
HEADER_CHECKS = by_name([COLUMNS_PRESENT, EXTRA_COLUMNS, COLUMN_ORDER])


def header_expectations(extract: ExtractDeclaration) -> list[Expectation]:
    """On a file's header as it arrived: every contract column there (blocking); no other column,
    and the contract's order (warnings)."""
    columns = [column.name for column in extract.columns]
    fate = "not read" if extract.is_feed else "dropped from the copy"
    return [
        COLUMNS_PRESENT.expect(
            "every column of the contract is in the header (a missing column stops the run)",
            column_set=columns,
            exact_match=False,
        ),
        EXTRA_COLUMNS.expect(
            f"no column outside the contract (one is {fate})", column_set=columns, exact_match=True
        ),
        COLUMN_ORDER.expect(
            "the contract's columns in the contract's order (another order is read by name)",
            column_list=columns,
        ),
    ]


def validate_header(run: GxRun, landed: LandedExtract) -> Checked[LandedExtract]:
    """Validate a file's header as it arrived (an empty DataFrame with its columns)."""
    suite = run.suites(landed.extract.table).header
    batch = f"{landed.batch}_header"
    frame = pd.DataFrame(columns=list(landed.arrived_columns))
    result = run.validate(suite, batch, frame)
    return Checked(landed.label, suite.name, batch, result, frame, HEADER_CHECKS, landed)
