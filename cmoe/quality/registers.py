"""The registers' checks: each register file's rows, read from its canonical copy with pandas.

A register's suite holds its header checks, at least one row (blocking), its
columns' declarations row by row (warnings whose rows go to
_arrival_issues.csv under the check's name, the dq_rules seed's code), dates
mostly day first (blocking), and the bands of the previous run (its latest
file only).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.core import ExpectationValidationResult
from great_expectations.expectations.expectation import Expectation

from cmoe.quality import gx_expectations as cmoe_gx
from cmoe.quality.checks import CRITICAL, VS_PREVIOUS_RUN, WARNING, Check, by_name, parameter, suite
from cmoe.quality.declarations import PLAUSIBLE_FROM, ColumnDeclaration, ExtractDeclaration
from cmoe.quality.gx_run import GxRun
from cmoe.quality.header import header_expectations, validate_header
from cmoe.quality.history import (
    Figures,
    band_parameters,
    empty_share_bands,
    empty_share_message,
    register_figures,
    rows_band,
    rows_message,
)
from cmoe.quality.landed import LandedExtract
from cmoe.quality.messages import Checked, column_of, day, unexpected_lines
from cmoe.text import listed

SOURCE_LINE = "source_line"
UPN_SHAPE = r"^[A-Z][0-9]{11}[0-9A-Z]$"
NUMBER_SHAPE = r"^[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)$"
INTEGER_SHAPE = r"^[+-]?[0-9]+$"
EXTRACT_DATE = "extract_date"  # suite parameter: the file's extract date, ISO
MIN_DAY_FIRST_SHARE = 0.9


@dataclass(frozen=True)
class RegisterFacts:
    """What the messages of a register file's checks need besides the validation."""

    landed: LandedExtract
    by_line: pd.DataFrame  # the canonical copy as landed, indexed by source_line
    previous: Figures | None  # the previous run's figures of the register


# --- The checks, each with its message ------------------------------------------------------------------


def row_rule(name: str, expectation: type[Expectation], what: str, shows_values: bool = False) -> Check:
    """A row-level warning: its rows go to _arrival_issues.csv under its name (the rule_code); its
    message says `what` of them, counts them, lists their lines and, when shows_values, the values
    (unless personal). `what` may name {n} (how many rows), the column's {kind} (date or number) and
    {list_name}, and the file's {extract_date}."""

    def message(checked: Checked[RegisterFacts], item: ExpectationValidationResult) -> str:
        landed = checked.facts.landed
        declaration = landed.extract.column(column_of(item))
        lines = unexpected_lines(item)
        found = what.format(
            n=len(lines),
            kind="date" if declaration.type == "date" else "number",
            list_name=declaration.list_name,
            extract_date=day(landed.extract_date),
        )
        text = f"{checked.label}: {declaration.name}: {found} ({name}; line(s) {listed(lines)})"
        if shows_values and not declaration.pii:
            values = checked.facts.by_line.loc[[str(n) for n in lines], declaration.name]
            text += f": {listed([repr(value) for value in dict.fromkeys(values)])}"
        return text

    return Check(name, expectation, WARNING, message, row_level=True)


MISSING_VALUE = row_rule(
    "missing_value", gxe.ExpectColumnValuesToNotBeNull, "empty on {n} row(s), always expected"
)
UNPARSEABLE_VALUE = row_rule(  # dates: ExpectColumnValuesToBeUkDates
    "unparseable_value", gxe.ExpectColumnValuesToMatchRegex, "{n} value(s) that are not a {kind}"
)
IMPLAUSIBLE_DATE = row_rule(
    "implausible_date",
    cmoe_gx.ExpectColumnValuesToBeUkDatesBetween,
    "{n} date(s) before 01/01/2000 or after the extract date {extract_date}",
)
INVALID_UPN_FORMAT = row_rule(
    "invalid_upn_format",
    gxe.ExpectColumnValuesToMatchRegex,
    "{n} UPN(s) not a letter, 11 digits and a digit or letter",
)
UNKNOWN_SCHOOL = row_rule(
    "unknown_school",
    gxe.ExpectColumnValuesToBeInSet,
    "{n} URN(s) not of the LA's schools ({list_name})",
    shows_values=True,
)
UNKNOWN_CODE = row_rule(
    "unknown_code",
    gxe.ExpectColumnValuesToBeInSet,
    "{n} value(s) not on the list ({list_name})",
    shows_values=True,
)
DUPLICATE_KEY = row_rule(
    "duplicate_key", gxe.ExpectColumnValuesToBeUnique, "{n} row(s) share their value with another row"
)


def _has_rows(checked: Checked[RegisterFacts], item: ExpectationValidationResult) -> str:
    return f"{checked.label}: no rows: the file has a header only"


def _day_first(checked: Checked[RegisterFacts], item: ExpectationValidationResult) -> str:
    counts = item.result["observed_value"]
    not_day_first = 1 - counts["day_first"] / counts["dates"]
    return (
        f"{checked.label}: {column_of(item)}: {not_day_first:.0%} of dates are not dd/mm/yyyy; "
        "they read as mm/dd/yyyy (US format?)"
    )


def _rows_vs_previous(checked: Checked[RegisterFacts], item: ExpectationValidationResult) -> str:
    return rows_message(checked.label, len(checked.frame), "rows", checked.facts.previous)


def _empty_share_vs_previous(checked: Checked[RegisterFacts], item: ExpectationValidationResult) -> str:
    return empty_share_message(checked.label, column_of(item), item.result, checked.facts.previous)


HAS_ROWS = Check("has_rows", gxe.ExpectTableRowCountToBeBetween, CRITICAL, _has_rows)
DAY_FIRST_DATES = Check("day_first_dates", cmoe_gx.ExpectColumnDatesToBeDayFirst, CRITICAL, _day_first)
ROWS_VS_PREVIOUS_RUN = Check(
    "rows_vs_previous_run", gxe.ExpectTableRowCountToBeBetween, WARNING, _rows_vs_previous, VS_PREVIOUS_RUN
)
EMPTY_SHARE_VS_PREVIOUS_RUN = Check(
    "empty_share_vs_previous_run",
    gxe.ExpectColumnProportionOfNonNullValuesToBeBetween,
    WARNING,
    _empty_share_vs_previous,
    VS_PREVIOUS_RUN,
)
ROW_RULES = [
    MISSING_VALUE,
    UNPARSEABLE_VALUE,
    IMPLAUSIBLE_DATE,
    INVALID_UPN_FORMAT,
    UNKNOWN_SCHOOL,
    UNKNOWN_CODE,
    DUPLICATE_KEY,
]
REGISTER_CHECKS = by_name(
    [HAS_ROWS, DAY_FIRST_DATES, ROWS_VS_PREVIOUS_RUN, EMPTY_SHARE_VS_PREVIOUS_RUN], ROW_RULES
)


# --- The suite ------------------------------------------------------------------------------------------


def date_expectations(column: ColumnDeclaration) -> Iterator[Expectation]:
    """A date column: mostly day first (blocking), each value a date, plausible if declared."""
    name = column.name
    yield DAY_FIRST_DATES.expect(
        f"{name}: at least {MIN_DAY_FIRST_SHARE:.0%} of dates read as dd/mm/yyyy, unless most read as "
        "mm/dd/yyyy (a US-format column stops the run)",
        column=name,
        min_day_first_share=MIN_DAY_FIRST_SHARE,
    )
    yield UNPARSEABLE_VALUE.expect(
        f"{name}: each value is a date, dd/mm/yyyy (d/m/yyyy or yyyy-mm-dd also read)",
        expectation=cmoe_gx.ExpectColumnValuesToBeUkDates,
        column=name,
    )
    if column.plausible:
        yield IMPLAUSIBLE_DATE.expect(
            f"{name}: each date is between 01/01/2000 and the extract date",
            column=name,
            min_value=PLAUSIBLE_FROM,
            max_value=parameter(EXTRACT_DATE),
        )


def value_expectations(column: ColumnDeclaration) -> Iterator[Expectation]:
    """What a column's declaration asks of each of its values (row level, warnings)."""
    name = column.name
    if column.required:
        yield MISSING_VALUE.expect(f"{name}: never empty", column=name)
    if column.type == "date":
        yield from date_expectations(column)
    elif column.type in ("number", "integer"):
        shape = NUMBER_SHAPE if column.type == "number" else INTEGER_SHAPE
        what = "each value is a number" if column.type == "number" else "each value is a whole number"
        yield UNPARSEABLE_VALUE.expect(f"{name}: {what}", column=name, regex=shape)
    elif column.type == "upn":
        what = "each UPN is a letter, 11 digits and a digit or letter"
        yield INVALID_UPN_FORMAT.expect(f"{name}: {what}", column=name, regex=UPN_SHAPE)
    elif column.type == "urn":
        what = "each URN is one of the LA's schools (schools seed)"
        yield UNKNOWN_SCHOOL.expect(f"{name}: {what}", column=name, value_set=list(column.allowed))
    if column.codes or column.values:
        what = f"each value is on the list ({column.list_name})"
        yield UNKNOWN_CODE.expect(f"{name}: {what}", column=name, value_set=list(column.allowed))
    if column.unique:
        yield DUPLICATE_KEY.expect(f"{name}: no value on two rows", column=name)


def register_suite(extract: ExtractDeclaration) -> gx.ExpectationSuite:
    """A register's suite: its header, at least one row, its columns' declarations, and the bands of
    the previous run."""
    expectations: list[Expectation] = [
        *header_expectations(extract),
        HAS_ROWS.expect("at least one row (a file with a header only stops the run)", min_value=1),
        rows_band(ROWS_VS_PREVIOUS_RUN, "row count"),
    ]
    for column in extract.columns:
        expectations.extend(value_expectations(column))
    names = [column.name for column in extract.columns]
    expectations.extend(empty_share_bands(EMPTY_SHARE_VS_PREVIOUS_RUN, names))
    return suite(extract.table, "register", expectations, system=extract.system)


# --- Validating a file ----------------------------------------------------------------------------------


def read_landed(landed: LandedExtract) -> pd.DataFrame:
    """A canonical copy as landed: every column text, nothing read as missing."""
    return pd.read_csv(landed.path, dtype=str, keep_default_na=False, encoding="utf-8")


def validation_frame(landed: pd.DataFrame, extract: ExtractDeclaration) -> pd.DataFrame:
    """What the suite sees: source_line, then each column as dbt reads it (trimmed, codes upper case),
    empty values as nulls."""
    frame = pd.DataFrame({SOURCE_LINE: landed[SOURCE_LINE]})
    for column in extract.columns:
        values = landed[column.name].astype(str).str.strip()
        if column.compared_as_code:
            values = values.str.upper()
        frame[column.name] = values.where(values != "", None)
    return frame


def validate_register_file(
    run: GxRun, landed: LandedExtract, previous: Figures | None, latest: bool
) -> tuple[list[Checked], Figures | None]:
    """Validate one register file; its validations (header, checks, and comparisons if due) and its
    figures (None when its header blocks, and nothing else is validated)."""
    header = validate_header(run, landed)
    if header.blocks():
        return [header], None
    raw = read_landed(landed)
    frame = validation_frame(raw, landed.extract)
    columns = [column.name for column in landed.extract.columns]
    batch = landed.batch
    facts = RegisterFacts(landed, raw.set_index(SOURCE_LINE), previous)
    parameters = {EXTRACT_DATE: landed.extract_date.isoformat()}
    parts = run.suites(landed.extract.table)
    checks, comparisons = parts.checks, parts.comparisons
    result = run.validate(checks, batch, frame, parameters, [SOURCE_LINE])
    checked = [header, Checked(landed.label, checks.name, batch, result, frame, REGISTER_CHECKS, facts)]
    if latest and previous is not None:
        parameters |= band_parameters(previous, columns)
        result = run.validate(comparisons, batch, frame, parameters, [SOURCE_LINE])
        checked.append(Checked(landed.label, comparisons.name, batch, result, frame, REGISTER_CHECKS, facts))
    return checked, register_figures(frame, columns, landed.source_file, landed.extract_date.isoformat())


def issue_rows(checked: Checked[RegisterFacts], checked_at: str) -> list[dict[str, str]]:
    """One row per landed row, row-level rule and column that an expectation found."""
    landed = checked.facts.landed
    rows = []
    for item in checked.result.results:
        rule_code = (item.expectation_config.meta or {}).get("rule_code")
        if item.success or not rule_code:
            continue
        column = column_of(item)
        for line in unexpected_lines(item):
            rows.append(
                {
                    "checked_at": checked_at,
                    "source_table": landed.extract.table,
                    "source_file": landed.source_file,
                    "source_line": str(line),
                    "rule_code": rule_code,
                    "column_name": column,
                    "value": checked.facts.by_line.at[str(line), column],
                    "expectation": item.expectation_config.type,
                }
            )
    return rows
