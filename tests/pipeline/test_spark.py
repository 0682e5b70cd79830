"""The small scenario built on Spark (dbt-spark, a local session) gives every rpt_ table DuckDB gives.

The DuckDB build is the shared small_scenario fixture; the Spark build reads the same landed files
and writes its tables beside it (warehouse/build/spark/, in the test's temporary folder). Spark's
tables are Parquet files, read here with DuckDB: no second Spark session.

Rows are compared as multisets (neither engine promises an order). Floating-point values are
compared to a relative tolerance of 1e-9: the two engines sum doubles in different orders (Spark in
parallel partitions), which can move the last bits of a rate; a real difference moves far more.
Decimals are compared as numbers (Spark may widen a decimal's precision).
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from cmoe.spark import build_on_spark, spark_missing, table_files

if TYPE_CHECKING:
    from conftest import BuiltScenario

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(bool(spark_missing()), reason=f"Spark cannot run here: {spark_missing()}"),
]

RELATIVE_TOLERANCE = 1e-9
REPORTING_SCHEMA = "reporting"


@pytest.fixture(scope="module")
def spark_seconds(small_scenario: BuiltScenario) -> float:
    """The small scenario's landed files built on Spark: seeds, models and tests (seconds dbt took)."""
    return build_on_spark(small_scenario.build)


def duckdb_tables(scenario: BuiltScenario) -> list[str]:
    """The rpt_ tables of the DuckDB build."""
    found = scenario.query(
        "select table_name from information_schema.tables "
        f"where table_schema = '{REPORTING_SCHEMA}' and table_name like 'rpt\\_%' escape '\\'"
    )
    return sorted(found["table_name"])


def comparable(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def sort_key(row: tuple) -> tuple:
    """A row's order, floats rounded so that a last-bit difference does not reorder the rows."""
    return tuple(
        (value is None, round(value, 6) if isinstance(value, float) else str(value)) for value in row
    )


def same_value(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=RELATIVE_TOLERANCE)
    if isinstance(left, float) or isinstance(right, float):
        return left is not None and right is not None and math.isclose(float(left), float(right))
    return left == right


def rows(connection: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> list[tuple]:
    selected = ", ".join(f'"{column}"' for column in columns)
    fetched = connection.sql(f"select {selected} from {relation}").fetchall()
    return sorted((tuple(comparable(value) for value in row) for row in fetched), key=sort_key)


def spark_relation(folder: Path) -> str | None:
    """The Parquet files of a Spark table, as DuckDB reads them; None for a table without files."""
    files = sorted(folder.glob("*.parquet"))
    return f"read_parquet({[str(path) for path in files]})" if files else None


def compare_table(scenario: BuiltScenario, table: str) -> tuple[int, list[str]]:
    """(rows, differences) of one rpt_ table, DuckDB's build against Spark's."""
    folder = table_files(scenario.build, REPORTING_SCHEMA, table)
    if not folder.is_dir():
        return 0, [f"{table}: not built on Spark"]
    with duckdb.connect(str(scenario.build.database), read_only=True) as connection:
        columns = [row[0] for row in connection.sql(f"describe {REPORTING_SCHEMA}.{table}").fetchall()]
        expected = rows(connection, f"{REPORTING_SCHEMA}.{table}", columns)
        relation = spark_relation(folder)
        if relation is None:
            return len(expected), [] if not expected else [f"{table}: no rows on Spark"]
        spark_columns = {
            row[0].lower() for row in connection.sql(f"describe select * from {relation}").fetchall()
        }
        missing = [column for column in columns if column.lower() not in spark_columns]
        if missing:
            return len(expected), [f"{table}: columns missing on Spark: {missing}"]
        actual = rows(connection, relation, columns)
    if len(actual) != len(expected):
        return len(expected), [f"{table}: {len(expected)} rows on DuckDB, {len(actual)} on Spark"]
    differences = [
        f"{table}: {columns[position]} {left!r} (DuckDB) != {right!r} (Spark)"
        for duck_row, spark_row in zip(expected, actual, strict=True)
        for position, (left, right) in enumerate(zip(duck_row, spark_row, strict=True))
        if not same_value(left, right)
    ]
    return len(expected), differences


def test_every_report_table_equals_duckdbs(small_scenario: BuiltScenario, spark_seconds: float) -> None:
    tables = duckdb_tables(small_scenario)
    assert len(tables) >= 20, tables
    compared = {table: compare_table(small_scenario, table) for table in tables}
    print(f"\nSpark build: {spark_seconds:.0f} s; {len(tables)} rpt_ tables compared with DuckDB's:")
    for table, (count, differences) in compared.items():
        print(f"  {table}: {count} rows, {len(differences)} differences")
    differences = [line for _, found in compared.values() for line in found]
    assert not differences, "\n".join(differences[:40])
