"""Whether a build may add the new attendance feed files to the last build, or must rebuild.

The feed arrives daily, one file per extract date; the registers weekly or
termly. A build that only adds feed files, each extracted later than the
last build's latest, needs only their marks linked and resolved: the
attendance models are incremental (int_session_marks_linked,
int_attendance_sessions_resolved), the models downstream of the feed are
rebuilt from them, and the others are left as they are.
Anything else (a register, a seed, a model or a setting changed; a feed
file changed, removed or dated before the last build's latest) rebuilds
everything from an empty database.

The state of the last green build is kept beside its database. It is removed
before a build starts, so a build stopped midway is never trusted: the next
one rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cmoe.contract import FEED_SYSTEM
from cmoe.dbt_runner import Build
from cmoe.landing import extract_date_of
from cmoe.paths import PROJECT_DIR

STATE_FILE = "build_state.json"
# What an increment rebuilds (dbt's selection): the models and tests downstream of the feed. The
# others read registers, seeds and the landing inventory's register rows, none of which changed.
FEED_DESCENDANTS = "source:attendance+"
# Left out of an increment: the checks that read every mark of the feed (tagged in the models'
# YAML). Their keys are made from a file's extract date and line, and an increment adds only files
# dated after every file already built; the next full build (any register, seed or model changed)
# runs them again.
WHOLE_FEED_CHECKS = "tag:whole_feed"
# What the models are made of, besides the extracts (relative to the project).
PROJECT_INPUTS = ("models", "macros", "seeds/reference", "seeds/decisions", "dbt_project.yml", "profiles.yml")


@dataclass(frozen=True)
class FeedFile:
    """One file of the attendance feed as a build read it."""

    name: str
    extract_date: str  # ISO
    size: int
    modified_ns: int


@dataclass(frozen=True)
class BuildState:
    """What the last green build was made from."""

    fingerprint: str
    feed_files: tuple[FeedFile, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BuildState:
        data = json.loads(text)
        return cls(data["fingerprint"], tuple(FeedFile(**file) for file in data["feed_files"]))


@dataclass(frozen=True)
class Plan:
    """Full or incremental, why, and the state to keep once the build is green."""

    incremental: bool
    reason: str
    state: BuildState


def _files_under(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(build: Build) -> str:
    """A digest of everything a build reads but the feed: the project, the landed registers, the vars."""
    digest = hashlib.sha256()
    digest.update(json.dumps(build.vars(), sort_keys=True).encode())
    inputs = [(PROJECT_DIR, PROJECT_DIR / name) for name in PROJECT_INPUTS]
    # The landed registers (each system's folder), not the inventory nor the feed's landed folder:
    # the feed is compared file by file below.
    inputs += [
        (build.landed_root, folder)
        for folder in sorted(build.landed_root.glob("*"))
        if folder.is_dir() and folder.name != FEED_SYSTEM
    ]
    for root, path in inputs:
        for file in _files_under(path):
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def feed_files(build: Build) -> tuple[FeedFile, ...]:
    """The feed's files, as named and stamped in the attendance folder."""
    found = []
    for path in sorted(build.attendance_root.glob(f"session_marks_*.{build.attendance_format}")):
        stat = path.stat()
        extract_date = extract_date_of(path)
        found.append(FeedFile(path.name, str(extract_date), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def state_path(build: Build) -> Path:
    return build.database.with_name(STATE_FILE)


def plan(build: Build, full_refresh: bool = False) -> Plan:
    """Incremental when the last green build's database and state are there and only later feed files came."""
    state = BuildState(fingerprint(build), feed_files(build))
    path = state_path(build)
    if full_refresh:
        return Plan(False, "a full rebuild was asked for", state)
    if not build.database.exists() or not path.exists():
        return Plan(False, "no earlier build to add to", state)
    last = BuildState.from_json(path.read_text())
    if last.fingerprint != state.fingerprint:
        return Plan(False, "the registers, seeds, models or settings changed since the last build", state)
    now = {file.name: file for file in state.feed_files}
    if changed := [file.name for file in last.feed_files if now.get(file.name) != file]:
        return Plan(False, f"feed file {changed[0]} changed or went since the last build", state)
    known = {file.name for file in last.feed_files}
    new = [file for file in state.feed_files if file.name not in known]
    latest = max((file.extract_date for file in last.feed_files), default="")
    if early := [file.name for file in new if file.extract_date <= latest]:
        return Plan(
            False, f"feed file {early[0]} is dated on or before the last build's latest ({latest})", state
        )
    return Plan(True, f"{len(new)} new feed file(s) since the last build", state)


def finished_green(build: Build) -> bool:
    """Whether the last build ended green: its state is written then, and removed as a build starts."""
    return state_path(build).exists()


def forget(build: Build) -> None:
    """Before a build: the state goes, so that a build stopped midway is not built upon."""
    state_path(build).unlink(missing_ok=True)


def remember(build: Build, state: BuildState) -> None:
    """After a green build: what it was made from."""
    state_path(build).write_text(state.to_json())
