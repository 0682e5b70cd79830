"""The attendance feed may arrive as CSV (UK dates) instead of Parquet: landed, staging reads it the same."""

from __future__ import annotations

import csv

import duckdb
import pyarrow.parquet as pq

from cmoe.dbt_runner import Build, run_dbt
from cmoe.generator import generate
from cmoe.landing import land


def test_a_csv_feed_stages_every_row_with_its_line(tmp_path):
    roots = {
        name: (tmp_path / name / "seeds" / "extracts", tmp_path / name / "landing" / "attendance")
        for name in ("csv", "parquet")
    }
    for name, (extracts, attendance) in roots.items():
        generate("small", 5, 0.2, extracts, attendance, tmp_path / name / "truth", attendance_format=name)
    extracts, attendance = roots["csv"]
    path = next(attendance.glob("session_marks_*.csv"))
    with path.open("a", newline="") as handle:  # a mark whose date is no date: landed, staged undated
        handle.write("A865200111001,900001,31/02/2021,AM,/\r\n")
    landed = tmp_path / "csv" / "landed"
    land(extracts, attendance, landed, "csv")
    build = Build(
        extracts, attendance, tmp_path / "csv.duckdb", tmp_path / "target", "csv", landed_root=landed
    )
    run_dbt(build, "run", "--select", "stg_attendance__session_marks", quiet=True)

    with duckdb.connect(str(build.database), read_only=True) as connection:
        staged = connection.execute(
            "select count(*), count(attendance_date), min(source_line), max(source_line), "
            "min(attendance_date), max(attendance_date) from staging.stg_attendance__session_marks"
        ).fetchone()
        undated = connection.execute(
            "select source_file, source_line, upn from staging.stg_attendance__session_marks"
            " where attendance_date is null"
        ).fetchall()
    with path.open(newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    parquet = next(roots["parquet"][1].glob("*.parquet"))
    parquet_rows = pq.read_metadata(parquet).num_rows
    assert rows == parquet_rows + 1  # the same simulated marks, written the other way, and the undated one
    count, dated, first_line, last_line, first_day, last_day = staged
    assert count == dated + 1 == rows
    assert (first_line, last_line) == (2, rows + 1)
    assert undated == [(path.name, rows + 1, "A865200111001")]
    assert list(landed.glob("attendance/academic_year=unknown/month=unknown/*.parquet")) == [
        landed / "attendance" / "academic_year=unknown" / "month=unknown" / f"{path.stem}.parquet"
    ]
    # The UK dates read as the dates the Parquet feed carries typed: the first (an INSET day) to the
    # last school day before the extract date.
    with duckdb.connect() as connection:
        days = connection.execute(
            f"select min(attendance_date), max(attendance_date) from read_parquet('{parquet}')"
        ).fetchone()
    assert (first_day, last_day) == days
    assert str(first_day) == "2020-09-01" and str(last_day) == "2022-10-05"
