"""What landing finds wrong with a file (or folder): a blocking problem or a warning, one line each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LandingProblem:
    """One finding about one file (or folder): blocking, or a warning, by where it is kept."""

    path: Path
    rule: str
    what: str
    line: int | None = None  # None for the folder or the file as a whole (its name, its bytes)

    def __str__(self) -> str:
        where = f"{self.path}: line {self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.rule}: {self.what}"


class LandingError(Exception):
    """The extracts cannot be landed: every blocking problem of every file, one line each."""

    def __init__(self, problems: list[LandingProblem]):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"the landed extracts cannot be read ({len(problems)} problem(s)):\n{lines}")
