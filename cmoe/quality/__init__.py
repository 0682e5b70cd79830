"""Great Expectations checks: what arrives (before dbt build) and the reports (before publishing).

- `check_arrival(landed_root, attendance_format, quality_dir)`
  validates every landed extract (cmoe.quality.arrival);
- `check_reports(build_database, exports_dir, quality_dir)` validates the report
  tables of a finished build (cmoe.quality.reports);
- `build_suites()` regenerates the committed suites under expectations/ from
  the contract's column declarations and the seeds (cmoe.quality.suites):
  `python -m cmoe.quality build-suites`.

Suites live in the committed GX file context (expectations/); each run's
results and Data Docs live in the workspace (`<workspace>/warehouse/quality/`).
Great Expectations takes seconds to import: the exceptions import without it,
the checks import it when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from cmoe.quality.errors import ArrivalError, QualityError, ReportError

_LAZY = {
    "ArrivalResult": "cmoe.quality.arrival",
    "check_arrival": "cmoe.quality.arrival",
    "ReportResult": "cmoe.quality.reports",
    "check_reports": "cmoe.quality.reports",
    "build_suites": "cmoe.quality.suites",
}

__all__ = ["ArrivalError", "QualityError", "ReportError", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cmoe.quality' has no attribute {name!r}")
