"""An extract's raw files: found by name, dated by name, and the same file landed twice."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from cmoe.contract import Extract
from cmoe.feed_landing import sha256_of
from cmoe.landing.problems import LandingProblem

# The extract date is the yyyymmdd right before the suffix, as dbt reads it.
DATE_IN_NAME = re.compile(r"_([0-9]{8})\.[A-Za-z]+$")


def extract_date_of(path: Path) -> date | None:
    """The extract date in a file's name: the yyyymmdd right before the suffix, a real date; else None."""
    match = DATE_IN_NAME.search(path.name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def duplicate_problems(paths: list[Path]) -> list[LandingProblem]:
    """The same file landed twice: two files of one extract with the same bytes (blocking, both named).

    Files are compared by size first, so that only files of one size are read
    and hashed (SHA-256). Empty files are left to the empty_file rule.
    """
    by_size: dict[int, list[Path]] = defaultdict(list)
    for path in paths:
        if size := path.stat().st_size:
            by_size[size].append(path)
    problems = []
    for same_size in by_size.values():
        first_with: dict[str, Path] = {}
        for path in same_size if len(same_size) > 1 else ():
            digest = sha256_of(path)
            if digest in first_with:
                what = f"same content as {first_with[digest]} (the same file landed twice)"
                problems.append(LandingProblem(path, "duplicate_file", what))
            else:
                first_with[digest] = path
    return problems


def files_of(extract: Extract, folder: Path, suffix: str) -> tuple[list[Path], list[LandingProblem]]:
    """An extract's raw files, or the blocking problem: its folder missing, or no file in it."""
    pattern = f"{extract.table}_<yyyymmdd>.{suffix}"
    if not folder.is_dir():
        return [], [LandingProblem(folder, "folder_missing", f"expected {pattern} in it")]
    paths = sorted(folder.glob(f"{extract.table}_*.{suffix}"))
    if not paths:
        return [], [LandingProblem(folder, "no_file", f"no {pattern} file")]
    return paths, duplicate_problems(paths)
