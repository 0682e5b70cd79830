"""Publish a green build: readers never open the file dbt writes.

The build database is copied to warehouse/cmoe.duckdb (read-only, swapped in
with one rename) and the public report models are written as Parquet into a
new release folder that warehouse/exports then points to (one rename of a
link), so a reader sees the old release or the new one, never half of each.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
from datetime import datetime
from pathlib import Path

import duckdb

RELEASES_KEPT = 2
QUALITY_HISTORY = "dq_history.csv"


def public_models(manifest_path: Path) -> list[tuple[str, str]]:
    """(schema, name) of every model with public access, from dbt's manifest."""
    manifest = json.loads(manifest_path.read_text())
    return sorted(
        (node["schema"], node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("access") == "public"
    )


def publish(build_database: Path, manifest_path: Path, warehouse_dir: Path) -> Path:
    """Copy and export a finished build; returns the folder of Parquet files now published."""
    models = public_models(manifest_path)
    with duckdb.connect(str(build_database)) as connection:
        connection.execute("checkpoint")
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    release = warehouse_dir / "releases" / stamp
    release.mkdir(parents=True)
    copy = release / "cmoe.duckdb"
    shutil.copyfile(build_database, copy)
    with duckdb.connect(str(copy), read_only=True) as connection:
        for schema, name in models:
            target = release / "exports" / f"{name}.parquet"
            target.parent.mkdir(exist_ok=True)
            connection.execute(f"copy {schema}.{name} to '{target}' (format parquet)")
    copy.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    _swap_link(warehouse_dir / "exports", Path("releases") / stamp / "exports")
    _swap_file(copy, warehouse_dir / "cmoe.duckdb")
    _prune(warehouse_dir / "releases")
    _record_quality(warehouse_dir / "exports", warehouse_dir / "quality" / QUALITY_HISTORY, stamp)
    return warehouse_dir / "exports"


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
        staging.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(staging, destination)


def _prune(releases: Path) -> None:
    for old in sorted(releases.iterdir())[:-RELEASES_KEPT]:
        for path in old.rglob("*"):
            path.chmod(stat.S_IRWXU)
        shutil.rmtree(old)
