"""The releases kept under warehouse/releases/: which is live, going live (and back, `cmoe rollback`) by
renames, and pruning all but the last few."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from cmoe.publish.tiers import DATABASE_FILE, READ_ONLY, TIERS, ReleaseError
from cmoe.stopping import signals_held

RELEASES_KEPT_VARIABLE = "CMOE_RELEASES_KEPT"

DEFAULT_RELEASES_KEPT = 3

RELEASE_FILE = "release.json"


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


def releases_folder(warehouse_dir: Path) -> Path:
    return warehouse_dir / "releases"


def releases(warehouse_dir: Path) -> list[Release]:
    """The whole releases, oldest first (a hidden folder is one being written or removed)."""
    folder = releases_folder(warehouse_dir)
    if not folder.is_dir():
        return []
    return [Release(path) for path in sorted(folder.iterdir()) if path.is_dir() and path.name[0] != "."]


def live_release(warehouse_dir: Path) -> Release | None:
    """The release readers see: the one warehouse/exports points to."""
    link = warehouse_dir / "exports"
    if not link.is_symlink():
        return None
    folder = releases_folder(warehouse_dir) / Path(os.readlink(link)).parent.name
    return Release(folder) if folder.is_dir() else None


def release_before(found: list[Release], release: Release | None) -> Release | None:
    """The release published before `release`: the one a rollback goes back to."""
    position = found.index(release) if release in found else 0
    return found[position - 1] if position > 0 else None


def rollback(warehouse_dir: Path) -> Release:
    """Make the release before the live one live again; returns it."""
    live = live_release(warehouse_dir)
    if live is None:
        raise ReleaseError(f"no release is live in {warehouse_dir}: publish a build first")
    previous = release_before(releases(warehouse_dir), live)
    if previous is None:
        raise ReleaseError(
            f"no release before the live {live.describe()} is kept in {releases_folder(warehouse_dir)}: "
            "nothing to roll back to"
        )
    if not previous.is_tiered():
        raise ReleaseError(
            f"the {previous.describe()} was published before the public and restricted tiers: its "
            f"{DATABASE_FILE} holds names and identifiers, so it is not put back where BI tools read; "
            "publish a build instead"
        )
    with signals_held():
        go_live(previous, warehouse_dir)
    return previous


def go_live(release: Release, warehouse_dir: Path) -> None:
    """The restricted tier first, then the public one: warehouse/exports, which says which release is
    live, moves last."""
    for tier in reversed(TIERS):
        target = Path(releases_folder(warehouse_dir).name) / release.name / tier.exports
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


def prune(warehouse_dir: Path, kept: int) -> None:
    """Remove all but the last `kept` releases, never the live one nor the one a rollback goes back to."""
    found = releases(warehouse_dir)
    live = live_release(warehouse_dir)
    keep = {*found[-kept:], live, release_before(found, live)}
    for release in found:
        if release not in keep:
            # Hidden first, in one rename, so that a stop midway never leaves half a release listed.
            hidden = release.folder.rename(release.folder.with_name(f".{release.name}.removed"))
            shutil.rmtree(hidden)


def remove_unfinished(releases_dir: Path) -> None:
    """The hidden folders a stopped publish or prune left."""
    for folder in releases_dir.glob(".*"):
        shutil.rmtree(folder, ignore_errors=True)
