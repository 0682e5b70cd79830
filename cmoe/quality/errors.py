"""The quality checks' blocking failures as exceptions (no Great Expectations import: cheap to catch)."""

from __future__ import annotations

from pathlib import Path


def pages_line(pages: list[Path], index: Path) -> str:
    """Where to read more: the failing validations' Data Docs pages (or the index page)."""
    found = list(dict.fromkeys(pages))
    return "\n".join(f"  Data Docs: {page}" for page in found or [index])


class QualityError(Exception):
    """Blocking failures: one line each, then the Data Docs pages to read."""

    what = "the checks"

    def __init__(self, failures: list[str], docs: Path, pages: list[Path | None] | None = None):
        self.failures = failures
        self.docs = docs
        self.pages = [page for page in (pages or []) if page]
        lines = "\n".join(f"  - {failure}" for failure in failures)
        super().__init__(
            f"{self.what} found {len(failures)} blocking failure(s):\n{lines}\n{pages_line(self.pages, docs)}"
        )


class ArrivalError(QualityError):
    """The arrival checks found blocking failures: the run stops before dbt build."""

    what = "the arrival checks"


class ReportError(QualityError):
    """The report tables do not add up: the build is not published."""

    what = "the report checks"
