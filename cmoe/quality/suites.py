"""The expectation suites, generated from the contract's declarations and the seeds.

One suite per extract (eight registers and the attendance feed) and one per
report table checked before publishing; `build_suites()` writes them as JSON
into the committed GX file context (expectations/expectations/<suite>.json),
where a run reads them. A test checks that the committed suites equal freshly
generated ones, so a change to a declaration or a seed must be followed by
`python -m cmoe.quality build-suites`.

Each suite is built where its checks are written: cmoe.quality.registers,
cmoe.quality.feed (with the header checks of cmoe.quality.header) and
cmoe.quality.reports.
"""

from __future__ import annotations

import json
from pathlib import Path

from cmoe.quality.checks import EXPECTATIONS_DIR, SUITES_DIR
from cmoe.quality.declarations import load_declarations
from cmoe.quality.feed import feed_suite
from cmoe.quality.registers import register_suite
from cmoe.quality.reports import report_suites

__all__ = ["EXPECTATIONS_DIR", "SUITES_DIR", "build_suites", "committed_suites", "generated_suites"]


def generated_suites() -> dict[str, dict]:
    """Every suite as JSON (a dict), freshly generated from the declarations and the seeds, by name."""
    suites = [
        feed_suite(extract) if extract.is_feed else register_suite(extract)
        for extract in load_declarations().values()
    ]
    return {suite.name: suite.to_json_dict() for suite in [*suites, *report_suites()]}


def suite_text(suite: dict) -> str:
    """A suite's JSON as committed: indented, keys in GX's order, one trailing newline."""
    return json.dumps(suite, indent=2, ensure_ascii=False) + "\n"


def build_suites(directory: Path = SUITES_DIR) -> list[Path]:
    """Write every suite into the GX file context's expectations folder; remove suites no longer generated."""
    directory.mkdir(parents=True, exist_ok=True)
    suites = generated_suites()
    written = []
    for name, suite in suites.items():
        path = directory / f"{name}.json"
        path.write_text(suite_text(suite), encoding="utf-8")
        written.append(path)
    for stale in directory.glob("*.json"):
        if stale.stem not in suites:
            stale.unlink()
    return written


def committed_suites(directory: Path = SUITES_DIR) -> dict[str, dict]:
    """The suites as committed, as JSON dicts, by name."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))
    }
