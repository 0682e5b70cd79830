"""Raw files for landing tests: a copy of the small scenario's, ways to break them, ways to read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from raw_files import csv_text, read_records

from cmoe.landing import LandingResult, land

# The CME referrals register: names to write in other encodings, twelve columns.
SYSTEM, TABLE = "ews", "cme_referrals"


@dataclass(frozen=True)
class RawLanding:
    """Raw registers and feed under tmp_path, copied from the small scenario, and where to land them."""

    extracts: Path
    attendance: Path
    root: Path
    attendance_format: str

    def file(self, system: str = SYSTEM, table: str = TABLE) -> Path:
        """The one raw file of an extract."""
        (path,) = (self.extracts / system).glob(f"{table}_*.csv")
        return path

    def land(self, name: str = "landed") -> LandingResult:
        """Land every extract into root/<name>."""
        return land(self.extracts, self.attendance, self.root / name, self.attendance_format)

    def copy_of(self, raw: Path, name: str = "landed") -> Path:
        """The canonical copy of a raw register file landed into root/<name>."""
        return self.root / name / raw.parent.name / raw.name

    def rewrite(
        self, path: Path, change: Callable[[list[list[str]]], list[list[str]]], delimiter: str = ","
    ) -> None:
        """Rewrite a raw file's records (header first) through `change`, UTF-8."""
        path.write_text(csv_text(change(read_records(path)), delimiter), encoding="utf-8", newline="")
