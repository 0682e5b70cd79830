"""The project's own Great Expectations expectations: UK dates as dbt reads them, and column order.

GX has no expectation for "a date as a UK system writes it" (dd/mm/yyyy, day
and month with or without a leading zero; dbt also reads yyyy-mm-dd), nor for
telling a column of US dates (mm/dd/yyyy) from UK ones, nor for column order
that ignores added and missing columns. These do, on pandas (the landed
copies are validated as pandas DataFrames of text):

- expect_column_values_to_be_uk_dates: each value parses (unparseable_value);
- expect_column_values_to_be_uk_dates_between: each value that parses is
  between two ISO dates, inclusive (implausible_date);
- expect_column_dates_to_be_day_first: fewer than `min_day_first_share` of
  the values reading as dd/mm/yyyy while most read as mm/dd/yyyy means the
  column was written month first (blocking);
- expect_table_columns_to_follow_order: the columns of a list that the table
  has come in the list's order; columns it lacks or adds are other
  expectations' business (GX's ordered-list expectation fails on either).

Importing this module registers them with GX (their metrics too); the suites
under expectations/ use them, so import it (cmoe.quality.checks does) before
loading a suite.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

import pandas as pd
from great_expectations.core.suite_parameters import SuiteParameterDict
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    BatchExpectation,
    ColumnAggregateExpectation,
    ColumnMapExpectation,
)
from great_expectations.expectations.metrics import (
    ColumnAggregateMetricProvider,
    ColumnMapMetricProvider,
    column_aggregate_value,
    column_condition_partial,
)

DAY_FIRST = "%d/%m/%Y"
MONTH_FIRST = "%m/%d/%Y"
ISO = "%Y-%m-%d"
# What dbt's parse_uk_date reads (macros/parse_dates.sql), in its order.
DBT_DATE_FORMATS = (DAY_FIRST, ISO)


def parse_date(text: str, formats: tuple[str, ...] = DBT_DATE_FORMATS) -> date | None:
    """A date written in one of the formats (strptime: day and month may lack a leading zero), else None."""
    for date_format in formats:
        try:
            return datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    return None


def parse_dates(column: pd.Series, formats: tuple[str, ...] = DBT_DATE_FORMATS) -> pd.Series:
    """Each value parsed as a date (None when it does not parse); each distinct value is parsed once."""
    parsed = {value: parse_date(value, formats) for value in column.dropna().unique()}
    return column.map(parsed, na_action="ignore").astype(object)


def date_order_counts(column: pd.Series) -> dict[str, int]:
    """How many non-empty values read as dd/mm/yyyy, and how many as mm/dd/yyyy."""
    values = column.dropna().astype(str).str.strip()
    values = values[values != ""]
    return {
        "dates": len(values),
        "day_first": int(parse_dates(values, (DAY_FIRST,)).notna().sum()),
        "month_first": int(parse_dates(values, (MONTH_FIRST,)).notna().sum()),
    }


def looks_month_first(counts: dict[str, int], min_day_first_share: float) -> bool:
    """Fewer than min_day_first_share of the dates read day first, while most read month first."""
    dates, day_first, month_first = counts["dates"], counts["day_first"], counts["month_first"]
    return (
        dates > 0
        and day_first < min_day_first_share * dates
        and 2 * month_first > dates
        and month_first > day_first
    )


# --- Metrics --------------------------------------------------------------------------------------------


class ColumnValuesUkDate(ColumnMapMetricProvider):
    """True for each value that dbt reads as a date (dd/mm/yyyy or yyyy-mm-dd)."""

    condition_metric_name = "column_values.cmoe_uk_date"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return parse_dates(column).notna()


class ColumnValuesUkDateBetween(ColumnMapMetricProvider):
    """True for each value that is no date (another rule's) or a date between min_value and max_value."""

    condition_metric_name = "column_values.cmoe_uk_date_between"
    condition_value_keys = ("min_value", "max_value")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, min_value: str, max_value: str, **kwargs: Any) -> pd.Series:
        low, high = date.fromisoformat(str(min_value)), date.fromisoformat(str(max_value))
        return parse_dates(column).map(lambda day: day is None or low <= day <= high).astype(bool)


class ColumnDateOrderCounts(ColumnAggregateMetricProvider):
    """{dates, day_first, month_first}: the column's non-empty values and how many read each way."""

    metric_name = "column.cmoe_date_order_counts"

    @column_aggregate_value(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> dict[str, int]:
        return date_order_counts(column)


# --- Expectations ---------------------------------------------------------------------------------------

# What GX's gallery asks of an expectation: the project's own, experimental.
PROJECT_LIBRARY_METADATA: dict = {"maturity": "experimental", "tags": ["cmoe"], "contributors": []}


class OutcomeOfMetrics:
    """An expectation whose outcome is a function of its metrics alone: it writes `outcome`, GX calls
    `_validate` with the computed metrics."""

    def outcome(self, metrics: dict) -> dict:
        raise NotImplementedError

    def _validate(
        self,
        metrics: dict,
        runtime_configuration: dict | None = None,
        execution_engine: Any = None,
    ) -> dict:
        return self.outcome(metrics)


class ExpectColumnValuesToBeUkDates(ColumnMapExpectation):
    """Expect each value to be a date as dbt reads it: dd/mm/yyyy (d/m/yyyy allowed) or yyyy-mm-dd."""

    map_metric = "column_values.cmoe_uk_date"
    success_keys = ("mostly",)
    library_metadata: ClassVar[dict] = PROJECT_LIBRARY_METADATA


class ExpectColumnValuesToBeUkDatesBetween(ColumnMapExpectation):
    """Expect each value that reads as a date to be between min_value and max_value (ISO, inclusive)."""

    min_value: str | SuiteParameterDict
    max_value: str | SuiteParameterDict
    map_metric = "column_values.cmoe_uk_date_between"
    success_keys = ("min_value", "max_value", "mostly")
    library_metadata: ClassVar[dict] = PROJECT_LIBRARY_METADATA


class ExpectColumnDatesToBeDayFirst(OutcomeOfMetrics, ColumnAggregateExpectation):
    """Expect a column of dates not to be written month first (mm/dd/yyyy, US format).

    It fails when fewer than min_day_first_share of the non-empty values read
    as dd/mm/yyyy while most of them read as mm/dd/yyyy. Its observed value
    counts the dates and how many read each way.
    """

    min_day_first_share: float = 0.9
    metric_dependencies = ("column.cmoe_date_order_counts",)
    success_keys = ("min_day_first_share",)
    library_metadata: ClassVar[dict] = PROJECT_LIBRARY_METADATA

    def outcome(self, metrics: dict) -> dict:
        counts = metrics["column.cmoe_date_order_counts"]
        return {
            "success": not looks_month_first(counts, self.min_day_first_share),
            "result": {"observed_value": counts},
        }


def out_of_order(columns: list[str], order: list[str]) -> list[str]:
    """The columns of `order` that the table has, in the table's order, when that is not `order`'s;
    else an empty list."""
    rank = {name: index for index, name in enumerate(order)}
    arrived = [name for name in dict.fromkeys(columns) if name in rank]
    return arrived if arrived != sorted(arrived, key=rank.__getitem__) else []


class ExpectTableColumnsToFollowOrder(OutcomeOfMetrics, BatchExpectation):
    """Expect the table's columns that are in column_list to come in column_list's order.

    Missing and extra columns do not count. Its observed value is the table's
    columns; on failure, details.arrived_order lists the listed ones as they came.
    """

    column_list: list[str]
    metric_dependencies = ("table.columns",)
    success_keys = ("column_list",)
    domain_keys = ("batch_id",)
    args_keys = ("column_list",)
    library_metadata: ClassVar[dict] = PROJECT_LIBRARY_METADATA

    def outcome(self, metrics: dict) -> dict:
        columns = [str(name) for name in metrics["table.columns"]]
        arrived = out_of_order(columns, list(self.column_list))
        result: dict = {"observed_value": columns}
        if arrived:
            result["details"] = {"arrived_order": arrived}
        return {"success": not arrived, "result": result}
