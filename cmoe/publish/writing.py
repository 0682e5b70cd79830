"""Writing a release: each tier's database table by table from the build, its exports as Parquet,
release.json, and the data-quality history."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cmoe.publish.releases import (
    RELEASE_FILE,
    Release,
    go_live,
    prune,
    releases_folder,
    releases_kept,
    remove_unfinished,
)
from cmoe.publish.tiers import PUBLIC, RESTRICTED, TIERS, PublishedModel, Tier, published_models
from cmoe.stopping import signals_held

QUALITY_HISTORY = "dq_history.csv"

# The public model that says which extract of each source table a build read.
EXTRACT_DATES_MODEL = "rpt_extract_reconciliation"


def publish(build_database: Path, manifest_path: Path, warehouse_dir: Path) -> Path:
    """Write a finished build's tiers as a new release, and make it live; returns warehouse/exports."""
    models = published_models(manifest_path)
    kept = releases_kept()
    with duckdb.connect(str(build_database)) as connection:
        connection.execute("checkpoint")
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    releases_dir = releases_folder(warehouse_dir)
    remove_unfinished(releases_dir)
    partial = releases_dir / f".{stamp}.partial"
    partial.mkdir(parents=True)
    _write_release(build_database, manifest_path, models, partial, stamp)
    with signals_held():  # a stop waits until the release is live and recorded
        release = Release(partial.rename(releases_dir / stamp))
        go_live(release, warehouse_dir)
        _record_quality(warehouse_dir / PUBLIC.exports, warehouse_dir / "quality" / QUALITY_HISTORY, stamp)
    prune(warehouse_dir, kept)
    return warehouse_dir / PUBLIC.exports


def _write_release(
    build_database: Path, manifest_path: Path, models: list[PublishedModel], folder: Path, stamp: str
) -> None:
    """Each tier's database and exports, and release.json, written into folder."""
    row_counts = {
        tier.name: _write_tier(
            build_database, [model for model in models if model.in_tier(tier)], folder, tier
        )
        for tier in TIERS
    }
    with duckdb.connect(str(folder / PUBLIC.database), read_only=True) as connection:
        dates = _extract_dates(
            connection, {model.name: model.schema for model in models if model.in_tier(PUBLIC)}
        )
    record = {
        "release": stamp,
        "build_id": _build_id(manifest_path.with_name("run_results.json")),
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "extract_dates": dates,
        # What BI tools read: the public tier's exports (warehouse/exports).
        "row_counts": row_counts[PUBLIC.name],
        "restricted_row_counts": row_counts[RESTRICTED.name],
    }
    (folder / RELEASE_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _write_tier(
    build_database: Path, models: list[PublishedModel], folder: Path, tier: Tier
) -> dict[str, int]:
    """A tier's database, its tables copied from the build with their descriptions, and its Parquet
    exports; returns each export's row count."""
    database = folder / tier.database
    exports = folder / tier.exports
    exports.mkdir()
    if tier.folder_mode is not None:
        exports.chmod(tier.folder_mode)
    row_counts = {}
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"attach {_quoted(build_database)} as build (read_only)")
        for model in models:
            table = f"{_identifier(model.schema)}.{_identifier(model.name)}"
            connection.execute(f"create schema if not exists {_identifier(model.schema)}")
            connection.execute(f"create table {table} as select * from build.{table}")
            _describe(connection, table, model)
        connection.execute("detach build")
        connection.execute("checkpoint")
        for model in models:
            table = f"{_identifier(model.schema)}.{_identifier(model.name)}"
            path = exports / f"{model.name}.parquet"
            connection.execute(f"copy {table} to {_quoted(path)} (format parquet)")
            path.chmod(tier.file_mode)
            row_counts[model.name] = connection.execute(f"select count(*) from {table}").fetchone()[0]
    database.chmod(tier.file_mode)
    return row_counts


def _describe(connection: duckdb.DuckDBPyConnection, table: str, model: PublishedModel) -> None:
    """The model's description and its columns', as comments a BI tool shows beside the table."""
    connection.execute(f"comment on table {table} is {_quoted(model.description.strip())}")
    existing = {row[0] for row in connection.execute(f"select * from {table} limit 0").description}
    for name, description in model.column_descriptions:
        if name in existing and description:
            connection.execute(
                f"comment on column {table}.{_identifier(name)} is {_quoted(description.strip())}"
            )


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quoted(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


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
