"""A copy of the small scenario's raw files to break, land and check; ways to read what the checks wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from raw_files import Records, read_records, write_records

from cmoe.landing import LandingResult, land
from cmoe.quality import ArrivalResult, check_arrival


@dataclass(frozen=True)
class Arrival:
    """Raw registers and feed copied under root, landed into root/landed, checked into root/quality."""

    extracts: Path
    attendance: Path
    root: Path
    attendance_format: str

    @property
    def landed_root(self) -> Path:
        return self.root / "landed"

    @property
    def quality_dir(self) -> Path:
        return self.root / "quality"

    def file(self, system: str, table: str) -> Path:
        """The one raw file of a register."""
        (path,) = (self.extracts / system).glob(f"{table}_*.csv")
        return path

    def rewrite(self, system: str, table: str, change: Callable[[Records], Records]) -> Path:
        """Rewrite a raw register's records (header first) through `change`."""
        path = self.file(system, table)
        write_records(path, change(read_records(path)))
        return path

    def set_value(self, system: str, table: str, line: int, column: str, value: str) -> str:
        """Set one field of the record on a raw line (the generated files have one record a line:
        record n is line n + 1); returns the value it replaced."""
        records = read_records(self.file(system, table))
        position = records[0].index(column)
        replaced = records[line - 1][position]
        records[line - 1][position] = value
        write_records(self.file(system, table), records)
        return replaced

    def file_rows(self, system: str, table: str) -> Records:
        """The records of a raw register, header excluded."""
        return read_records(self.file(system, table))[1:]

    def rewrite_feed(self, select: str) -> None:
        """Rewrite the Parquet feed through a DuckDB select over it (`feed`, or `?` for its path)."""
        (path,) = self.attendance.glob("session_marks_*.parquet")
        rewritten = path.with_name(f".{path.name}")
        with duckdb.connect() as connection:
            connection.execute(f"create view feed as select * from read_parquet('{path}')")
            query = select.replace("?", f"'{path}'")
            connection.execute(f"copy ({query}) to '{rewritten}' (format parquet)")
        rewritten.replace(path)

    def land(self) -> LandingResult:
        return land(self.extracts, self.attendance, self.landed_root, self.attendance_format)

    def check(self) -> ArrivalResult:
        return check_arrival(self.landed_root, self.attendance_format, self.quality_dir)

    def land_and_check(self) -> ArrivalResult:
        self.land()
        return self.check()

    def issues(self) -> pd.DataFrame:
        """_arrival_issues.csv as written, all text."""
        return pd.read_csv(self.landed_root / "_arrival_issues.csv", dtype=str, keep_default_na=False)
