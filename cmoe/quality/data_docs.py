"""The Data Docs: the checks' validation results as plain web pages that work with no network.

Great Expectations' own Data Docs draw their index with scripts from public
CDNs (empty offline), style every page from the internet, say "Data asset:
None" for a DataFrame batch and give the unexpected share of non-missing
values. These pages are drawn here instead, from the validation results GX
stores (`<quality_dir>/validations/`): an index of every validation of the
run with its status in words, and a page for each, under
`<quality_dir>/data_docs/` (the page of a result stored at
`validations/<suite>/<run>/<time>/<batch>.json` is
`data_docs/validations/<suite>/<run>/<time>/<batch>.html`). Links are
relative, so the folder can be copied (cmoe notebooks copies it into
outputs/).
"""

from __future__ import annotations

import html
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from cmoe.pages import PageStamp, number, page

DOCS_FOLDER = "data_docs"
RESULTS_FOLDER = "validations"
INDEX = "index.html"
# The extract date of each landed extract the arrival checks read, for the pages' stamp.
EXTRACT_DATES_FILE = "extract_dates.json"
LINES_SHOWN = 10


@dataclass(frozen=True)
class Validation:
    """One stored validation result, and where its page goes."""

    source: Path  # the result's JSON under validations/
    relative: Path  # its path under validations/, with .html
    result: dict

    @property
    def asset(self) -> str:
        """The data asset (the batch) validated, e.g. pupil_roll_20221006."""
        definition = self.result.get("meta", {}).get("active_batch_definition") or {}
        return definition.get("data_asset_name") or self.source.stem

    @property
    def run_name(self) -> str:
        return (self.result.get("meta", {}).get("run_id") or {}).get("run_name") or ""

    @property
    def status(self) -> str:
        return "passed" if self.result.get("success") else "failed"


def _status(word: str) -> str:
    return f'<span class="{word}">{word}</span>'


def read_validations(quality_dir: Path) -> list[Validation]:
    """Every validation result stored under `<quality_dir>/validations/`, by run, asset and suite."""
    results = quality_dir / RESULTS_FOLDER
    found = [
        Validation(path, path.relative_to(results).with_suffix(".html"), json.loads(path.read_text()))
        for path in sorted(results.rglob("*.json"))
    ]
    return sorted(found, key=lambda one: (one.run_name, one.asset, one.result.get("suite_name", "")))


def unexpected_text(result: dict) -> str:
    """The rows that break an expectation, e.g. '3 of 701 rows (0.43%)': a share of every row."""
    count, rows = result.get("unexpected_count"), result.get("element_count")
    if count is None or not rows:
        return ""
    return f"{number(count)} of {number(rows)} rows ({100 * count / rows:.2f}%)"


def _lines(result: dict) -> str:
    """The file lines of the first rows found (line numbers only: the values may name a child)."""
    found = result.get("unexpected_index_list") or []
    lines = [str(row["source_line"]) for row in found if isinstance(row, dict) and "source_line" in row]
    shown = ", ".join(lines[:LINES_SHOWN]) + (", ..." if len(lines) > LINES_SHOWN else "")
    return f"lines {shown}" if shown else ""


def _observed(result: dict) -> str:
    value = result.get("observed_value")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):  # e.g. the dates read day first and month first
        return ", ".join(f"{key.replace('_', ' ')}: {number(item)}" for key, item in value.items())
    return "" if value is None else number(value)


def _expectation_row(item: dict) -> str:
    config = item.get("expectation_config") or {}
    result = item.get("result") or {}
    found = "; ".join(part for part in (unexpected_text(result), _lines(result)) if part)
    cells = [
        html.escape(config.get("description") or config.get("type", "")),
        html.escape(str((config.get("kwargs") or {}).get("column") or "")),
        _status("passed" if item.get("success") else "failed"),
        html.escape(found),
        html.escape(_observed(result)),
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _detail(validation: Validation, stamp: PageStamp) -> str:
    result, statistics = validation.result, validation.result.get("statistics") or {}
    index = Path(os.path.relpath(INDEX, Path(RESULTS_FOLDER) / validation.relative.parent)).as_posix()
    body = (
        f'<p><a href="{index}">All validations of the run</a></p>'
        f"<h1>{html.escape(validation.asset)}: {_status(validation.status)}</h1>"
        f"<p>Data asset: <strong>{html.escape(validation.asset)}</strong> &middot; suite "
        f"<code>{html.escape(result.get('suite_name', ''))}</code> &middot; checks "
        f"<code>{html.escape(validation.run_name)}</code> &middot; "
        f"{number(statistics.get('successful_expectations', 0))} of "
        f"{number(statistics.get('evaluated_expectations', 0))} expectations met</p>"
        "<table><thead><tr><th>Expectation</th><th>Column</th><th>Status</th>"
        "<th>Rows that break it</th><th>Observed</th></tr></thead><tbody>"
        + "".join(_expectation_row(item) for item in result.get("results") or [])
        + "</tbody></table>"
    )
    title = f"Data Docs: {validation.asset} ({validation.run_name} checks, {validation.status})"
    return page(title, body, stamp)


def _index(validations: list[Validation], stamp: PageStamp) -> str:
    rows = []
    for one in validations:
        statistics = one.result.get("statistics") or {}
        failed = statistics.get("unsuccessful_expectations", 0)
        rows.append(
            f'<tr><td>{html.escape(one.run_name)}</td><td><a href="validations/{one.relative.as_posix()}">'
            f"{html.escape(one.asset)}</a></td><td><code>{html.escape(one.result.get('suite_name', ''))}"
            f'</code></td><td>{_status(one.status)}</td><td class="number">'
            f"{number(statistics.get('evaluated_expectations', 0))}</td>"
            f'<td class="number">{number(failed)}</td></tr>'
        )
    failed = sum(one.status == "failed" for one in validations)
    body = (
        "<h1>Data Docs: the quality checks of this run</h1>"
        f"<p>{number(len(validations))} validations: {number(len(validations) - failed)} passed, "
        f"{number(failed)} failed. A failed warning check does not stop the run; a blocking one does "
        "(the run's messages name it).</p>"
        '<table id="validations"><thead><tr><th>Checks</th><th>Data asset</th><th>Suite</th>'
        "<th>Status</th><th>Expectations</th><th>Not met</th></tr></thead><tbody>"
        + ("".join(rows) or '<tr><td colspan="6">No validation results were stored.</td></tr>')
        + "</tbody></table>"
    )
    return page("Data Docs: quality checks of the run", body, stamp)


def run_stamp(quality_dir: Path, validations: list[Validation]) -> PageStamp:
    """The run's id (the checks' run names and times) and the extract dates the arrival checks read."""
    runs = sorted(
        {f"{run.get('run_name')} {run.get('run_time')}" for one in validations
         if (run := one.result.get("meta", {}).get("run_id"))}
    )  # fmt: skip
    dates_file = quality_dir / EXTRACT_DATES_FILE
    dates = json.loads(dates_file.read_text(encoding="utf-8")) if dates_file.is_file() else {}
    return PageStamp("; ".join(runs) or "no checks run", dates)


def render_site(quality_dir: Path) -> Path:
    """Write the Data Docs of every stored validation afresh; the index page's path."""
    site = quality_dir / DOCS_FOLDER
    shutil.rmtree(site, ignore_errors=True)
    validations = read_validations(quality_dir)
    stamp = run_stamp(quality_dir, validations)
    for one in validations:
        target = site / RESULTS_FOLDER / one.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_detail(one, stamp), encoding="utf-8")
    site.mkdir(parents=True, exist_ok=True)
    (site / INDEX).write_text(_index(validations, stamp), encoding="utf-8")
    return site / INDEX


def write_extract_dates(quality_dir: Path, dates: dict[str, str]) -> None:
    """Keep the extract dates of the run's arrival checks, for the pages the report checks redraw."""
    quality_dir.mkdir(parents=True, exist_ok=True)
    (quality_dir / EXTRACT_DATES_FILE).write_text(json.dumps(dates, indent=2, sort_keys=True) + "\n")
