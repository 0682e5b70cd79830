"""dbt's docs site, written to outputs/docs/ on every run, readable with no network.

`dbt docs generate --static` writes one self-contained page (the manifest
and catalog inlined). It runs after the build on the same target folder
(`--no-compile`: the build compiled everything already; the parse is
partial), against the build database: the catalog reads the build, never
the published databases that BI tools have open, and nothing else writes
the build then. The page is copied to outputs/docs/index.html with the
run's stamp, a meaningful title, and the address of dbt's usage tracker
removed (tracking is off, DBT_SEND_ANONYMOUS_USAGE_STATS=false, but then no
page of outputs/ names a place outside it).
"""

from __future__ import annotations

from pathlib import Path

from cmoe.dbt_runner import Build, run_dbt
from cmoe.pages import PageStamp

DOCS_FOLDER = "docs"
STATIC_PAGE = "static_index.html"
TITLE = "Children missing education warehouse: models, tests and exposures (dbt docs)"
# dbt docs' Snowplow loader, used only when tracking is on.
TRACKER_SCRIPT = "//d1fc8wv8zag5ca.cloudfront.net/2.9.0/sp.js"
# The stamp over dbt's own layout, small, at the foot of the window (clear of the lineage button).
STAMP_BOX = (
    '<div style="position:fixed;bottom:0;left:0;z-index:10000;max-width:60%;background:#f6f6f6;'
    'border:1px solid #ccc;font:12px system-ui,Arial,sans-serif;padding:2px 8px">{stamp}</div>'
)


def offline_page(text: str, stamp: PageStamp) -> str:
    """dbt's static page with the run's stamp, its title, and no address outside the page."""
    text = text.replace(TRACKER_SCRIPT, "")
    text = text.replace("<title>dbt Docs</title>", f"<title>{TITLE}</title>", 1)
    return text.replace("<body>", "<body>" + STAMP_BOX.format(stamp=stamp.html()), 1)


def write_docs_site(build: Build, outputs: Path, stamp: PageStamp) -> Path:
    """Generate dbt's docs of the build and write them to `<outputs>/docs/index.html`; its path."""
    run_dbt(build, "docs", "generate", "--static", "--no-compile", quiet=True)
    static = build.target_path / STATIC_PAGE
    page = outputs / DOCS_FOLDER / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(offline_page(static.read_text(encoding="utf-8"), stamp), encoding="utf-8")
    return page
