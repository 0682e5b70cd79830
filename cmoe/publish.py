"""Publish a green build: readers never open the file dbt writes.

Each publish writes a release, `warehouse/releases/<stamp>/`: a read-only copy
of the build database (`cmoe.duckdb`), the public report models as Parquet
(`exports/`), and `release.json` (the dbt build's invocation id, when it was
published, the extract dates, each export's row count). The release is
written in a hidden folder and renamed into place whole, then goes live in
two renames: warehouse/exports, a link, points to its exports, and
warehouse/cmoe.duckdb is a hard link to its database. A reader sees the old
release or the new one, never half of each; a stopped publish leaves a hidden
folder, which the next one removes.

The last CMOE_RELEASES_KEPT releases are kept (3 by default), and never the
live one nor the one before it, which `cmoe rollback` puts back live.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cmoe.stopping import signals_held

QUALITY_HISTORY = "dq_history.csv"
RELEASES_KEPT_VARIABLE = "CMOE_RELEASES_KEPT"
DEFAULT_RELEASES_KEPT = 3
RELEASE_FILE = "release.json"
DATABASE_FILE = "cmoe.duckdb"
# The public model that says which extract of each source table a build read.
EXTRACT_DATES_MODEL = "rpt_extract_reconciliation"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


class ReleaseError(Exception):
    """A publish or rollback that cannot be done as asked; the live release is left as it was."""


@dataclass(frozen=True)
class Release:
    """One published release folder, warehouse/releases/<stamp>/."""

    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_FILE

    def record(self) -> dict:
        """Its release.json (empty for a release published before releases had one)."""
        path = self.folder / RELEASE_FILE
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def describe(self) -> str:
        record = self.record()
        known = [f"published {record['published_at']}"] if "published_at" in record else []
        known += [f"dbt build {record['build_id']}"] if record.get("build_id") else []
        return f"release {self.name}" + (f" ({', '.join(known)})" if known else "")


def releases_kept() -> int:
    """How many releases to keep: CMOE_RELEASES_KEPT, else 3."""
    value = os.environ.get(RELEASES_KEPT_VARIABLE) or str(DEFAULT_RELEASES_KEPT)
    if not value.isdigit() or int(value) < 1:
        raise ReleaseError(f"{RELEASES_KEPT_VARIABLE} must be a whole number of 1 or more, not {value!r}")
    return int(value)


def public_models(manifest_path: Path) -> list[tuple[str, str]]:
    """(schema, name) of every model with public access, from dbt's manifest."""
    manifest = json.loads(manifest_path.read_text())
    return sorted(
        (node["schema"], node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("access") == "public"
    )


# --- The releases kept ---------------------------------------------------------------------------


def _releases_dir(warehouse_dir: Path) -> Path:
    return warehouse_dir / "releases"


def releases(warehouse_dir: Path) -> list[Release]:
    """The whole releases, oldest first (a hidden folder is one being written or removed)."""
    folder = _releases_dir(warehouse_dir)
    if not folder.is_dir():
        return []
    return [Release(path) for path in sorted(folder.iterdir()) if path.is_dir() and path.name[0] != "."]


def live_release(warehouse_dir: Path) -> Release | None:
    """The release readers see: the one warehouse/exports points to."""
    link = warehouse_dir / "exports"
    if not link.is_symlink():
        return None
    folder = _releases_dir(warehouse_dir) / Path(os.readlink(link)).parent.name
    return Release(folder) if folder.is_dir() else None


def release_before(found: list[Release], release: Release | None) -> Release | None:
    """The release published before `release`: the one a rollback goes back to."""
    position = found.index(release) if release in found else 0
    return found[position - 1] if position > 0 else None


# --- Publishing ----------------------------------------------------------------------------------


def publish(build_database: Path, manifest_path: Path, warehouse_dir: Path) -> Path:
    """Copy and export a finished build as a new release, and make it live; returns warehouse/exports."""
    models = public_models(manifest_path)
    kept = releases_kept()
    with duckdb.connect(str(build_database)) as connection:
        connection.execute("checkpoint")
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    releases_dir = _releases_dir(warehouse_dir)
    _remove_unfinished(releases_dir)
    partial = releases_dir / f".{stamp}.partial"
    partial.mkdir(parents=True)
    _write_release(build_database, manifest_path, models, partial, stamp)
    with signals_held():  # a stop waits until the release is live and recorded
        release = Release(partial.rename(releases_dir / stamp))
        _go_live(release, warehouse_dir)
        _record_quality(warehouse_dir / "exports", warehouse_dir / "quality" / QUALITY_HISTORY, stamp)
    _prune(warehouse_dir, kept)
    return warehouse_dir / "exports"


def _write_release(
    build_database: Path, manifest_path: Path, models: list[tuple[str, str]], folder: Path, stamp: str
) -> None:
    """The database copy, the exports and release.json, written into folder."""
    copy = folder / DATABASE_FILE
    shutil.copyfile(build_database, copy)
    exports = folder / "exports"
    exports.mkdir()
    row_counts = {}
    with duckdb.connect(str(copy), read_only=True) as connection:
        for schema, name in models:
            connection.execute(f"copy {schema}.{name} to '{exports / name}.parquet' (format parquet)")
            row_counts[name] = connection.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
        dates = _extract_dates(connection, {name: schema for schema, name in models})
    copy.chmod(READ_ONLY)
    record = {
        "release": stamp,
        "build_id": _build_id(manifest_path.with_name("run_results.json")),
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "extract_dates": dates,
        "row_counts": row_counts,
    }
    (folder / RELEASE_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _build_id(run_results: Path) -> str | None:
    """dbt's invocation id of the build, from its run_results.json."""
    if not run_results.is_file():
        return None
    return json.loads(run_results.read_text())["metadata"].get("invocation_id")


def _extract_dates(connection: duckdb.DuckDBPyConnection, schemas: dict[str, str]) -> dict[str, str]:
    """The latest extract date built of each source table."""
    if EXTRACT_DATES_MODEL not in schemas:
        return {}
    rows = connection.execute(
        f"select source_table, max(extract_date)::varchar from {schemas[EXTRACT_DATES_MODEL]}."
        f"{EXTRACT_DATES_MODEL} group by source_table order by source_table"
    ).fetchall()
    return dict(rows)


def _record_quality(exports: Path, history: Path, stamp: str) -> None:
    """Keep each published run's data-quality counts, for the page's trend."""
    summary = exports / "rpt_data_quality_summary.parquet"
    if not summary.exists():
        return
    history.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as connection:
        rows = connection.execute(
            f"select source_table, rule_code, issue_count from read_parquet('{summary}') order by all"
        ).fetchall()
    is_new = not history.exists()
    with history.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if is_new:
            writer.writerow(["published_at", "source_table", "rule_code", "issue_count"])
        writer.writerows([stamp, *row] for row in rows)


# --- Going live, and back ------------------------------------------------------------------------


def rollback(warehouse_dir: Path) -> Release:
    """Make the release before the live one live again; returns it."""
    live = live_release(warehouse_dir)
    if live is None:
        raise ReleaseError(f"no release is live in {warehouse_dir}: publish a build first")
    previous = release_before(releases(warehouse_dir), live)
    if previous is None:
        raise ReleaseError(
            f"no release before the live {live.describe()} is kept in {_releases_dir(warehouse_dir)}: "
            "nothing to roll back to"
        )
    with signals_held():
        _go_live(previous, warehouse_dir)
    return previous


def _go_live(release: Release, warehouse_dir: Path) -> None:
    _swap_link(warehouse_dir / "exports", Path(_releases_dir(warehouse_dir).name) / release.name / "exports")
    _swap_file(release.database, warehouse_dir / DATABASE_FILE)


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    staging = link.with_name(f".{link.name}.new")
    if staging.is_symlink():
        staging.unlink()
    staging.symlink_to(target, target_is_directory=True)
    os.replace(staging, link)


def _swap_file(source: Path, destination: Path) -> None:
    """Put the (read-only) release copy at destination in one step: a hard link to it, not a second
    copy (copied where the file system cannot link)."""
    staging = destination.with_name(f".{destination.name}.new")
    staging.unlink(missing_ok=True)
    try:
        os.link(source, staging)
    except OSError:
        shutil.copyfile(source, staging)
        staging.chmod(READ_ONLY)
    os.replace(staging, destination)


# --- Pruning -------------------------------------------------------------------------------------


def _prune(warehouse_dir: Path, kept: int) -> None:
    """Remove all but the last `kept` releases, never the live one nor the one a rollback goes back to."""
    found = releases(warehouse_dir)
    live = live_release(warehouse_dir)
    keep = {*found[-kept:], live, release_before(found, live)}
    for release in found:
        if release not in keep:
            # Hidden first, in one rename, so that a stop midway never leaves half a release listed.
            hidden = release.folder.rename(release.folder.with_name(f".{release.name}.removed"))
            shutil.rmtree(hidden)


def _remove_unfinished(releases_dir: Path) -> None:
    """The hidden folders a stopped publish or prune left."""
    for folder in releases_dir.glob(".*"):
        shutil.rmtree(folder, ignore_errors=True)
