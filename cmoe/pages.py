"""Web pages that work with no network: one shell for the notebooks' pages and the Data Docs.

LA networks are often closed to the internet, and outputs/ is copied to a
share: a page here loads nothing from elsewhere (its style is inline, it
has no script) and links only to files beside it, by relative paths. Every
page says which run it shows: a run id, the extract dates and when it was
produced.
"""

from __future__ import annotations

import html
import json
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

# Plain, readable and printable; no web font (the system's sans-serif).
STYLE = """
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
.passed { color: #1d6b2f; font-weight: 600; } .failed { color: #a4161a; font-weight: 600; }
.stamp { background: #f6f6f6; border: 1px solid #ddd; padding: 0.5rem 0.75rem; font-size: 0.85rem; }
code, pre { background: #f3f3f3; padding: 0.1rem 0.3rem; }
pre { padding: 0.5rem; overflow-x: auto; }
img { max-width: 100%; } a.anchor-link { display: none; }
"""


@dataclass(frozen=True)
class PageStamp:
    """Which run a page shows: its run id, the extract dates it read, and when it was produced."""

    run_id: str
    extract_dates: Mapping[str, str] = field(default_factory=dict)
    produced_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def dates_text(self) -> str:
        """One date for all extracts when they share it, else each extract's."""
        dates = sorted(set(self.extract_dates.values()))
        if not dates:
            return "not known"
        if len(dates) == 1:
            return f"{dates[0]} (all {len(self.extract_dates)} extracts)"
        return "; ".join(f"{table} {day}" for table, day in sorted(self.extract_dates.items()))

    def html(self) -> str:
        return (
            '<p class="stamp" id="run-stamp">'
            f"Run: <strong>{html.escape(self.run_id)}</strong> &middot; "
            f"Extract dates: {html.escape(self.dates_text())} &middot; "
            f"Produced: {html.escape(self.produced_at)}</p>"
        )


def release_stamp(exports_dir: Path) -> PageStamp:
    """The stamp of the release an exports folder belongs to (its release.json beside it), else of the
    exports alone: the extract dates from rpt_extract_reconciliation, the run not known."""
    record_file = Path(exports_dir).resolve().parent / "release.json"
    if record_file.is_file():
        record = json.loads(record_file.read_text(encoding="utf-8"))
        run = f"release {record.get('release', '?')}"
        if record.get("build_id"):
            run += f", dbt build {record['build_id']}"
        return PageStamp(run, record.get("extract_dates") or {})
    dates: dict[str, str] = {}
    reconciliation = Path(exports_dir) / "rpt_extract_reconciliation.parquet"
    if reconciliation.is_file():
        files = pd.read_parquet(reconciliation, columns=["source_table", "extract_date"]).dropna()
        latest = files.groupby("source_table")["extract_date"].max()
        dates = {str(table): str(day) for table, day in latest.items()}
    return PageStamp("not published (no release.json beside the exports)", dates)


def page(title: str, body: str, stamp: PageStamp) -> str:
    """A whole HTML document: the title, the stamp, then the body (already HTML)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{stamp.html()}\n{body}\n</body>\n</html>\n"
    )


def number(value: object) -> str:
    """A count with thousands separators (1,234); anything else as it is, blank for nothing."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or (isinstance(value, numbers.Real) and pd.isna(value)):
        return ""
    if isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and float(value).is_integer()):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):,.2f}"
    return str(value)
