"""Publish a green build: readers never open the file dbt writes.

Each publish writes a release, `warehouse/releases/<stamp>/`, in two tiers,
each a database of tables and a folder of Parquet files:

- public (BI tools, the committee): `cmoe.duckdb` and `exports/`, the models
  whose YAML says `meta: {tier: public}`: pseudonymous child ids, month of
  birth, postcode sector, small numbers suppressed; no names or identifiers.
- restricted (caseworkers, the data team): `restricted.duckdb` and
  `restricted_exports/`, every published model (`tier: restricted` and the
  public ones): names, UPNs, dates of birth, the case lists, the data-quality
  rows with their values. Its files are readable by their owner only.

Each tier's database is written afresh from the build, table by table (with
the models' descriptions as comments): no view, nothing that reads outside
the release, none of the build's other tables. With them, `release.json`
(the dbt build's invocation id, when it was published, the extract dates,
each export's row count). The release is written in a hidden folder and
renamed into place whole, then goes live by renames: warehouse/exports and
warehouse/restricted_exports, links, point to its exports, and
warehouse/cmoe.duckdb and warehouse/restricted.duckdb are hard links to its
databases. A reader sees the old release or the new one, never half of each;
a stopped publish leaves a hidden folder, which the next one removes.

The last CMOE_RELEASES_KEPT releases are kept (3 by default), and never the
live one nor the one before it, which `cmoe rollback` puts back live (never
a release published before the tiers, whose one database held everything).
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
OWNER_READ_ONLY = stat.S_IRUSR
OWNER_ONLY_FOLDER = stat.S_IRWXU
TIER_META = "tier"


@dataclass(frozen=True)
class Tier:
    """A tier of publication: its database file and exports folder, in a release and in warehouse/."""

    name: str
    database: str
    exports: str
    file_mode: int  # of its database and Parquet files
    folder_mode: int | None  # of its exports folder; None: as created


PUBLIC = Tier("public", DATABASE_FILE, "exports", READ_ONLY, None)
RESTRICTED = Tier("restricted", "restricted.duckdb", "restricted_exports", OWNER_READ_ONLY, OWNER_ONLY_FOLDER)
TIERS = (PUBLIC, RESTRICTED)


@dataclass(frozen=True)
class PublishedModel:
    """A model a release publishes, with its tier and the descriptions its tables carry."""

    schema: str
    name: str
    tier: str
    description: str
    column_descriptions: tuple[tuple[str, str], ...]

    def in_tier(self, tier: Tier) -> bool:
        """The restricted tier holds every published model; the public tier its own only."""
        return tier is RESTRICTED or self.tier == PUBLIC.name


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
        """The public tier's database."""
        return self.folder / DATABASE_FILE

    def is_tiered(self) -> bool:
        """Published in tiers (a release from before them has one database holding everything)."""
        return all((self.folder / tier.database).is_file() for tier in TIERS)

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


def published_models(manifest_path: Path) -> list[PublishedModel]:
    """Every model whose YAML declares a tier (`config: meta: tier: public|restricted`), from dbt's
    manifest. A model with public access (the reporting models) must declare one: a new report is
    published in neither tier until someone has decided which."""
    manifest = json.loads(manifest_path.read_text())
    found, undeclared = [], []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        tier = model_tier(node)
        if tier is None:
            if node.get("access") == "public":
                undeclared.append(node["name"])
            continue
        if tier not in {each.name for each in TIERS}:
            raise ReleaseError(f"model {node['name']} declares tier {tier!r}: public or restricted")
        columns = tuple((name, column.get("description") or "") for name, column in node["columns"].items())
        found.append(
            PublishedModel(node["schema"], node["name"], tier, node.get("description") or "", columns)
        )
    if undeclared:
        raise ReleaseError(
            f"public models without a tier: {', '.join(sorted(undeclared))}; declare one in their YAML "
            "(config: meta: tier: public or restricted)"
        )
    return sorted(found, key=lambda model: (model.schema, model.name))


def model_tier(node: dict) -> str | None:
    """The tier a manifest node declares in its meta, if any."""
    meta = {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}
    return meta.get(TIER_META)


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
    """Write a finished build's tiers as a new release, and make it live; returns warehouse/exports."""
    models = published_models(manifest_path)
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
        _record_quality(warehouse_dir / PUBLIC.exports, warehouse_dir / "quality" / QUALITY_HISTORY, stamp)
    _prune(warehouse_dir, kept)
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
    if not previous.is_tiered():
        raise ReleaseError(
            f"the {previous.describe()} was published before the public and restricted tiers: its "
            f"{DATABASE_FILE} holds names and identifiers, so it is not put back where BI tools read; "
            "publish a build instead"
        )
    with signals_held():
        _go_live(previous, warehouse_dir)
    return previous


def _go_live(release: Release, warehouse_dir: Path) -> None:
    """The restricted tier first, then the public one: warehouse/exports, which says which release is
    live, moves last."""
    for tier in reversed(TIERS):
        target = Path(_releases_dir(warehouse_dir).name) / release.name / tier.exports
        _swap_link(warehouse_dir / tier.exports, target)
        _swap_file(release.folder / tier.database, warehouse_dir / tier.database, tier.file_mode)


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    staging = link.with_name(f".{link.name}.new")
    if staging.is_symlink():
        staging.unlink()
    staging.symlink_to(target, target_is_directory=True)
    os.replace(staging, link)


def _swap_file(source: Path, destination: Path, mode: int = READ_ONLY) -> None:
    """Put the (read-only) release copy at destination in one step: a hard link to it, not a second
    copy (copied where the file system cannot link)."""
    staging = destination.with_name(f".{destination.name}.new")
    staging.unlink(missing_ok=True)
    try:
        os.link(source, staging)
    except OSError:
        shutil.copyfile(source, staging)
        staging.chmod(mode)
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
