"""dbt's docs site, written to outputs/docs/ on every run, readable with no network.

`dbt docs generate --static` writes one self-contained page (the manifest
and catalog inlined). It runs after the build on the same target folder
(`--no-compile`: the build compiled everything already; the parse is
partial), against the build database: the catalog reads the build, never
the published databases that BI tools have open, and nothing else writes
the build then. The page is copied to outputs/docs/index.html with the
run's stamp, a meaningful title, and the address of dbt's usage tracker
removed (tracking is off, DBT_SEND_ANONYMOUS_USAGE_STATS=false, but then no
page of outputs/ names a place outside it). The manifest inlined in the page
gives every file's path on the machine that built it (root_path,
compiled_path, the build database): the project and workspace folders are
written "." there, so the page names no folder of the build machine.
"""

from __future__ import annotations

from pathlib import Path

from cmoe.dbt_runner import Build, run_dbt
from cmoe.pages import PageStamp
from cmoe.paths import PROJECT_DIR

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


def offline_page(text: str, stamp: PageStamp, local_folders: tuple[Path, ...] = ()) -> str:
    """dbt's static page with the run's stamp, its title, no address outside the page, and the local
    folders given written as "."."""
    text = text.replace(TRACKER_SCRIPT, "")
    for folder in sorted({str(folder) for folder in local_folders}, key=len, reverse=True):
        text = text.replace(folder, ".")  # the longest first: a workspace may lie inside the project
    text = text.replace("<title>dbt Docs</title>", f"<title>{TITLE}</title>", 1)
    return text.replace("<body>", "<body>" + STAMP_BOX.format(stamp=stamp.html()), 1)


def write_docs_site(build: Build, outputs: Path, stamp: PageStamp) -> Path:
    """Generate dbt's docs of the build and write them to `<outputs>/docs/index.html`; its path."""
    run_dbt(build, "docs", "generate", "--static", "--no-compile", quiet=True)
    static = build.target_path / STATIC_PAGE
    page = outputs / DOCS_FOLDER / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    local_folders = (PROJECT_DIR, outputs.parent)  # the project, and the workspace outputs/ is in
    page.write_text(offline_page(static.read_text(encoding="utf-8"), stamp, local_folders), encoding="utf-8")
    return page
