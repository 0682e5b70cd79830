"""Check that the extracts have landed before dbt reads them.

Stops the run with one line per problem, naming the file and what is wrong:
a missing folder, no file, a header that is not the contract's. The full
data-quality checks of what the rows hold run later (Great Expectations and
the dbt tests); this is only what would otherwise end in a database error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from cmoe.contract import Extract, load_extracts


@dataclass(frozen=True)
class LandingProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class LandingError(Exception):
    def __init__(self, problems: list[LandingProblem]):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"the landed extracts cannot be read ({len(problems)} problem(s)):\n{lines}")


def landed_files(
    extract: Extract, extracts_root: Path, attendance_root: Path, file_format: str
) -> list[Path]:
    suffix = file_format if extract.is_feed else "csv"
    return sorted(extract.folder(extracts_root, attendance_root).glob(f"{extract.table}_*.{suffix}"))


def _header(path: Path) -> list[str]:
    if path.suffix == ".parquet":
        return list(pq.read_schema(path).names)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def check_landing(
    extracts_root: Path, attendance_root: Path, attendance_format: str = "parquet"
) -> list[Path]:
    """Every extract's files, checked; raises LandingError listing every problem."""
    problems: list[LandingProblem] = []
    files: list[Path] = []
    for extract in load_extracts().values():
        folder = extract.folder(extracts_root, attendance_root)
        suffix = attendance_format if extract.is_feed else "csv"
        if not folder.is_dir():
            problems.append(
                LandingProblem(folder, f"folder missing: expected {extract.table}_<yyyymmdd>.{suffix}")
            )
            continue
        found = landed_files(extract, extracts_root, attendance_root, attendance_format)
        if not found:
            problems.append(LandingProblem(folder, f"no {extract.table}_<yyyymmdd>.{suffix} file"))
        for path in found:
            header = _header(path)
            missing = [column for column in extract.columns if column not in header]
            extra = [column for column in header if column not in extract.columns]
            if missing:
                problems.append(LandingProblem(path, f"line 1: missing column(s) {', '.join(missing)}"))
            if extra:
                problems.append(LandingProblem(path, f"line 1: unexpected column(s) {', '.join(extra)}"))
            files.append(path)
    if problems:
        raise LandingError(problems)
    return files
