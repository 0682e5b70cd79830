"""A reader of the published warehouse, as a BI tool is, in a loop until a stop file appears.

    python published_reader.py <warehouse> <stop file> <result file>

Each read opens warehouse/cmoe.duckdb read-only and counts a report table,
then reads every Parquet export of the live release and checks its row count
against the release's release.json. Any exception or wrong count is a failed
read. After each read, the result file says the number of reads, the failures
(the first few) and the releases seen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

FAILURES_KEPT = 10


def read_database(database: Path) -> None:
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(
            "select table_schema from information_schema.tables where table_name = 'rpt_indicator_snapshot'"
        ).fetchone()
        rows = connection.execute(f"select count(*) from {found[0]}.rpt_indicator_snapshot").fetchone()[0]
    if rows == 0:
        raise AssertionError(f"{database}: rpt_indicator_snapshot has no rows")


def read_exports(exports_link: Path) -> str:
    """Every export of the live release, counted against its release.json; the release's name."""
    release = exports_link.resolve().parent  # once: the link may move to a newer release meanwhile
    record = json.loads((release / "release.json").read_text(encoding="utf-8"))
    with duckdb.connect() as connection:
        for name, expected in record["row_counts"].items():
            path = release / "exports" / f"{name}.parquet"
            rows = connection.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            if rows != expected:
                raise AssertionError(f"{path}: {rows} rows, release.json says {expected}")
    return release.name


def main(warehouse: Path, stop_file: Path, result_file: Path) -> None:
    result: dict = {"reads": 0, "failed": 0, "failures": [], "releases_seen": []}
    while not stop_file.exists():
        result["reads"] += 1
        try:
            read_database(warehouse / "cmoe.duckdb")
            release = read_exports(warehouse / "exports")
        except Exception as error:  # every kind of failure is counted, not raised
            result["failed"] += 1
            result["failures"] = [*result["failures"], f"{type(error).__name__}: {error}"][:FAILURES_KEPT]
        else:
            if release not in result["releases_seen"]:
                result["releases_seen"].append(release)
        # After every read, whole, so that the test can tell how far the reader has gone.
        partial = result_file.with_name(f".{result_file.name}.partial")
        partial.write_text(json.dumps(result, indent=2), encoding="utf-8")
        partial.replace(result_file)


if __name__ == "__main__":
    main(*(Path(argument) for argument in sys.argv[1:4]))
