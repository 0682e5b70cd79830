"""The expectation suites, generated from the contract's declarations and the seeds.

One suite per extract (eight registers and the attendance feed) and one per
report table checked before publishing; `build_suites()` writes them as JSON
into the committed GX file context (expectations/expectations/<suite>.json),
where a run reads them. A test checks that the committed suites equal freshly
generated ones, so a change to a declaration or a seed must be followed by
`python -m cmoe.quality build-suites`.

Every expectation carries a severity (critical: blocking, the run stops;
warning: printed, the run goes on) and meta: `blocking`, `check` (what it
checks, for the messages), `rule_code` (row-level ones: the dq_rules seed's
code written to _arrival_issues.csv) and `part` (which part of the suite it
runs in, see split_suite: `header`, on the columns a file arrived with,
before anything else; `checks`; `vs_previous_run`, the file-level bands, run
only when a previous run left its figures).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from cmoe.paths import PROJECT_DIR
from cmoe.quality import gx_expectations as cmoe_gx
from cmoe.quality.declarations import ColumnDeclaration, ExtractDeclaration, load_declarations

EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
SUITES_DIR = EXPECTATIONS_DIR / "expectations"

UPN_SHAPE = r"^[A-Z][0-9]{11}[0-9A-Z]$"
NUMBER_SHAPE = r"^[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)$"
INTEGER_SHAPE = r"^[+-]?[0-9]+$"
PLAUSIBLE_FROM = "2000-01-01"
EXTRACT_DATE = "extract_date"  # suite parameter: the file's extract date, ISO
MIN_DAY_FIRST_SHARE = 0.9
# File-level bands around the previous run's figures: rows from -20% to +25%,
# each column's share of empty values within 10 points.
ROW_COUNT_BAND = (-0.20, 0.25)
EMPTY_SHARE_POINTS = 0.10
# The feed: the share of marks whose code is in the attendance_codes seed.
MIN_LISTED_CODE_SHARE = 0.99
# Report suites: the dbt var holding the share of change that warns.
INDICATOR_CHANGE_VAR = "indicator_change_warning_share"
SNAPSHOT, HISTORY = "rpt_indicator_snapshot", "rpt_exclusion_history"
# The rates of rpt_exclusion_history, each with the count it is per 100 pupils of.
EXCLUSION_RATES = {
    "permanent_exclusions_per_100": "permanent_exclusions",
    "suspensions_per_100": "suspensions",
}
# The parts of a suite (split_suite), as each expectation's meta names its own.
HEADER, CHECKS, VS_PREVIOUS_RUN = "header", "checks", "vs_previous_run"


def parameter(name: str) -> dict[str, str]:
    """A suite parameter, given its value when the suite runs."""
    return {"$PARAMETER": name}


def parameter_name(column: str, suffix: str) -> str:
    """A suite parameter's name for a column (letters, digits and underscores only)."""
    return f"{re.sub(r'[^0-9A-Za-z]', '_', column)}_{suffix}"


def _band() -> str:
    low, high = ROW_COUNT_BAND
    return f"{low:+.0%}/{high:+.0%}"


def _points() -> str:
    return f"{EMPTY_SHARE_POINTS * 100:.0f} points"


def _meta(check: str, *, blocking: bool, part: str, rule_code: str | None = None) -> dict:
    meta: dict = {"blocking": blocking, "check": check, "part": part}
    if rule_code:
        meta["rule_code"] = rule_code
    return meta


def blocking(
    expectation: type[Expectation], check: str, description: str, *, part: str = CHECKS, **kwargs: object
) -> Expectation:
    """An expectation whose failure stops the run (severity critical)."""
    meta = _meta(check, blocking=True, part=part)
    return expectation(severity="critical", meta=meta, description=description, **kwargs)


def warning(
    expectation: type[Expectation],
    check: str,
    description: str,
    *,
    rule_code: str | None = None,
    part: str = CHECKS,
    **kwargs: object,
) -> Expectation:
    """An expectation whose failure is printed while the run goes on (severity warning)."""
    meta = _meta(check, blocking=False, part=part, rule_code=rule_code)
    return expectation(severity="warning", meta=meta, description=description, **kwargs)


def _row_level(
    rule_code: str, expectation: type[Expectation], column: str, what: str, **kwargs: object
) -> Expectation:
    """A row-level warning on a column: its rows go to _arrival_issues.csv under rule_code."""
    return warning(expectation, rule_code, f"{column}: {what}", rule_code=rule_code, column=column, **kwargs)


# --- The header: which columns arrived, in what order ---------------------------------------------------


def header_expectations(extract: ExtractDeclaration) -> list[Expectation]:
    """On a file's header as it arrived: every contract column there (blocking); no other column,
    and the contract's order (warnings: landing maps columns by name and drops the others)."""
    columns = [column.name for column in extract.columns]
    fate = "not read" if extract.is_feed else "dropped from the copy"
    return [
        blocking(
            gxe.ExpectTableColumnsToMatchSet,
            "columns_present",
            "every column of the contract is in the header (a missing column stops the run)",
            part=HEADER,
            column_set=columns,
            exact_match=False,
        ),
        warning(
            gxe.ExpectTableColumnsToMatchSet,
            "extra_columns",
            f"no column outside the contract (one is {fate})",
            part=HEADER,
            column_set=columns,
            exact_match=True,
        ),
        warning(
            cmoe_gx.ExpectTableColumnsToFollowOrder,
            "column_order",
            "the contract's columns in the contract's order (another order is read by name)",
            part=HEADER,
            column_list=columns,
        ),
    ]


# --- Registers ------------------------------------------------------------------------------------------


def date_expectations(column: ColumnDeclaration) -> Iterator[Expectation]:
    """A date column: mostly day first (blocking), each value a date, plausible if declared."""
    name = column.name
    yield blocking(
        cmoe_gx.ExpectColumnDatesToBeDayFirst,
        "day_first_dates",
        f"{name}: at least {MIN_DAY_FIRST_SHARE:.0%} of dates read as dd/mm/yyyy, unless most read as "
        "mm/dd/yyyy (a US-format column stops the run)",
        column=name,
        min_day_first_share=MIN_DAY_FIRST_SHARE,
    )
    yield _row_level(
        "unparseable_value",
        cmoe_gx.ExpectColumnValuesToBeUkDates,
        name,
        "each value is a date, dd/mm/yyyy (d/m/yyyy or yyyy-mm-dd also read)",
    )
    if column.plausible:
        yield _row_level(
            "implausible_date",
            cmoe_gx.ExpectColumnValuesToBeUkDatesBetween,
            name,
            "each date is between 01/01/2000 and the extract date",
            min_value=PLAUSIBLE_FROM,
            max_value=parameter(EXTRACT_DATE),
        )


def value_expectations(column: ColumnDeclaration) -> Iterator[Expectation]:
    """What a column's declaration asks of each of its values (row level, warnings)."""
    name = column.name
    if column.required:
        yield _row_level("missing_value", gxe.ExpectColumnValuesToNotBeNull, name, "never empty")
    if column.type == "date":
        yield from date_expectations(column)
    elif column.type in ("number", "integer"):
        shape = NUMBER_SHAPE if column.type == "number" else INTEGER_SHAPE
        what = "each value is a number" if column.type == "number" else "each value is a whole number"
        yield _row_level("unparseable_value", gxe.ExpectColumnValuesToMatchRegex, name, what, regex=shape)
    elif column.type == "upn":
        what = "each UPN is a letter, 11 digits and a digit or letter"
        yield _row_level(
            "invalid_upn_format", gxe.ExpectColumnValuesToMatchRegex, name, what, regex=UPN_SHAPE
        )
    elif column.type == "urn":
        what = "each URN is one of the LA's schools (schools seed)"
        yield _row_level(
            "unknown_school", gxe.ExpectColumnValuesToBeInSet, name, what, value_set=list(column.allowed)
        )
    if column.codes or column.values:
        what = f"each value is on the list ({column.list_name})"
        yield _row_level(
            "unknown_code", gxe.ExpectColumnValuesToBeInSet, name, what, value_set=list(column.allowed)
        )
    if column.unique:
        yield _row_level("duplicate_key", gxe.ExpectColumnValuesToBeUnique, name, "no value on two rows")


def register_suite(extract: ExtractDeclaration) -> gx.ExpectationSuite:
    """A register's suite: its header, at least one row, its columns' declarations, and the bands of
    the previous run."""
    expectations: list[Expectation] = [
        *header_expectations(extract),
        blocking(
            gxe.ExpectTableRowCountToBeBetween,
            "has_rows",
            "at least one row (a file with a header only stops the run)",
            min_value=1,
        ),
        warning(
            gxe.ExpectTableRowCountToBeBetween,
            "rows_vs_previous_run",
            f"row count within {_band()} of the previous run's",
            part=VS_PREVIOUS_RUN,
            min_value=parameter("rows_min"),
            max_value=parameter("rows_max"),
        ),
    ]
    for column in extract.columns:
        expectations.extend(value_expectations(column))
    for column in extract.columns:
        expectations.append(
            warning(
                gxe.ExpectColumnProportionOfNonNullValuesToBeBetween,
                "empty_share_vs_previous_run",
                f"{column.name}: share of empty values within {_points()} of the previous run's",
                part=VS_PREVIOUS_RUN,
                column=column.name,
                min_value=parameter(parameter_name(column.name, "non_empty_min")),
                max_value=parameter(parameter_name(column.name, "non_empty_max")),
            )
        )
    return _suite(extract.table, "register", expectations, system=extract.system)


# --- The attendance feed (a summary of it, one row) -----------------------------------------------------

FEED_ROWS = "rows"


def feed_column(column: str, measure: str) -> str:
    """A column of the feed's summary: `<feed column>__<measure>`."""
    return f"{column}__{measure}"


def feed_suite(extract: ExtractDeclaration) -> gx.ExpectationSuite:
    """The attendance feed's suite: each file's header, then checks on the feed's summary (computed
    with DuckDB): file-level checks only."""
    between = gxe.ExpectColumnValuesToBeBetween
    expectations: list[Expectation] = [
        *header_expectations(extract),
        blocking(between, "has_rows", "at least one session mark", column=FEED_ROWS, min_value=1),
        warning(
            between,
            "rows_vs_previous_run",
            f"session marks within {_band()} of the previous run's",
            part=VS_PREVIOUS_RUN,
            column=FEED_ROWS,
            min_value=parameter("rows_min"),
            max_value=parameter("rows_max"),
        ),
    ]
    for column in extract.columns:
        name = column.name
        if column.values:
            what = f"{name}: every mark's {name} is {' or '.join(column.values)}"
            count = feed_column(name, "not_listed")
            expectations.append(warning(between, "feed_values", what, column=count, min_value=0, max_value=0))
        if column.codes:
            what = f"{name}: at least {MIN_LISTED_CODE_SHARE:.0%} of marks are codes of {column.list_name}"
            share = feed_column(name, "listed_share")
            expectations.append(
                warning(between, "feed_codes", what, column=share, min_value=MIN_LISTED_CODE_SHARE)
            )
        if column.type == "date":
            what = f"{name}: every date parses"
            count = feed_column(name, "unparseable")
            expectations.append(warning(between, "feed_dates", what, column=count, min_value=0, max_value=0))
        if column.plausible:
            what = f"{name}: every date is between 01/01/2000 and the extract date"
            count = feed_column(name, "implausible")
            expectations.append(
                warning(between, "feed_plausible_dates", what, column=count, min_value=0, max_value=0)
            )
    for column in extract.columns:
        expectations.append(
            warning(
                between,
                "empty_share_vs_previous_run",
                f"{column.name}: share of empty values within {_points()} of the previous run's",
                part=VS_PREVIOUS_RUN,
                column=feed_column(column.name, "non_empty_share"),
                min_value=parameter(parameter_name(column.name, "non_empty_min")),
                max_value=parameter(parameter_name(column.name, "non_empty_max")),
            )
        )
    return _suite(extract.table, "feed", expectations, system=extract.system)


# --- Reports (after dbt build, before publish) ----------------------------------------------------------


def report_suites() -> list[gx.ExpectationSuite]:
    """The report tables' suites: totals that add up (blocking) and indicators against the last release."""
    snapshot = [
        blocking(
            gxe.ExpectColumnPairValuesToBeEqual,
            "indicator_members",
            "each indicator value equals its number of rpt_indicator_member rows",
            column_A="value",
            column_B="member_rows",
        ),
        warning(
            gxe.ExpectColumnValuesToBeBetween,
            "indicator_change",
            "each indicator value within the dbt var indicator_change_warning_share of the previous "
            "published value (change over the previous value, at least 1)",
            part=VS_PREVIOUS_RUN,
            column="change_share",
            max_value=parameter(INDICATOR_CHANGE_VAR),
        ),
    ]
    history = [
        blocking(
            gxe.ExpectColumnPairValuesToBeEqual,
            "exclusion_rate",
            f"{rate} equals 100 * {count} / january_headcount (to 6 decimals)",
            column_A=rate,
            column_B=f"{rate}_recomputed",
        )
        for rate, count in EXCLUSION_RATES.items()
    ]
    return [_suite(SNAPSHOT, "report", snapshot), _suite(HISTORY, "report", history)]


# --- Writing and reading --------------------------------------------------------------------------------


def _suite(
    name: str, kind: str, expectations: list[Expectation], system: str | None = None
) -> gx.ExpectationSuite:
    meta = {"cmoe": {"kind": kind, "generated_by": "cmoe.quality.build_suites"}}
    if system:
        meta["cmoe"]["system"] = system
    return gx.ExpectationSuite(name=name, expectations=expectations, meta=meta)


def generated_suites() -> dict[str, dict]:
    """Every suite as JSON (a dict), freshly generated from the declarations and the seeds, by name."""
    suites = [
        feed_suite(extract) if extract.is_feed else register_suite(extract)
        for extract in load_declarations().values()
    ]
    return {suite.name: suite.to_json_dict() for suite in [*suites, *report_suites()]}


def suite_text(suite: dict) -> str:
    """A suite's JSON as committed: indented, keys in GX's order, one trailing newline."""
    return json.dumps(suite, indent=2, ensure_ascii=False) + "\n"


def build_suites(directory: Path = SUITES_DIR) -> list[Path]:
    """Write every suite into the GX file context's expectations folder; remove suites no longer generated."""
    directory.mkdir(parents=True, exist_ok=True)
    suites = generated_suites()
    written = []
    for name, suite in suites.items():
        path = directory / f"{name}.json"
        path.write_text(suite_text(suite), encoding="utf-8")
        written.append(path)
    for stale in directory.glob("*.json"):
        if stale.stem not in suites:
            stale.unlink()
    return written


def committed_suites(directory: Path = SUITES_DIR) -> dict[str, dict]:
    """The suites as committed, as JSON dicts, by name."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))
    }


def load_suite(name: str, directory: Path = SUITES_DIR) -> gx.ExpectationSuite:
    """A committed suite, as an ExpectationSuite not yet in any context."""
    return gx.ExpectationSuite(**json.loads((directory / f"{name}.json").read_text(encoding="utf-8")))


class SuiteParts(NamedTuple):
    """A suite as it runs, in three: on a file's header, on its rows, and against the previous run."""

    header: gx.ExpectationSuite
    checks: gx.ExpectationSuite
    comparisons: gx.ExpectationSuite


def split_suite(suite: gx.ExpectationSuite) -> SuiteParts:
    """A suite in its parts: `<suite>.header` (run on each file's header first), `<suite>` (its checks,
    run on every file whose header holds the contract's columns) and `<suite>.vs_previous_run` (run on
    an extract's latest file when a previous run left figures)."""

    def part(name: str, part: str) -> gx.ExpectationSuite:
        chosen = [e for e in suite.expectations if e.meta["part"] == part]
        return gx.ExpectationSuite(name=name, expectations=chosen, meta=suite.meta)

    return SuiteParts(
        header=part(f"{suite.name}.{HEADER}", HEADER),
        checks=part(suite.name, CHECKS),
        comparisons=part(f"{suite.name}.{VS_PREVIOUS_RUN}", VS_PREVIOUS_RUN),
    )
