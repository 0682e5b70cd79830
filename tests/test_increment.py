"""When `cmoe build` adds the new feed files to the last build, and when it rebuilds everything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cmoe import increment
from cmoe.dbt_runner import Build


@pytest.fixture()
def build(tmp_path: Path) -> Build:
    """A workspace as the last green build left it: a database, its state, a register, two feed files."""
    attendance, landed = tmp_path / "attendance", tmp_path / "landed"
    (landed / "school_census").mkdir(parents=True)
    (landed / "school_census" / "pupil_roll_20221006.csv").write_text("upn\nA1\n")
    attendance.mkdir()
    for name in ("session_marks_20221003.parquet", "session_marks_20221004.parquet"):
        (attendance / name).write_bytes(b"marks")
    database = tmp_path / "build" / "cmoe.duckdb"
    database.parent.mkdir()
    database.write_bytes(b"")
    made = Build(tmp_path, attendance, database, tmp_path / "target", landed_root=landed)
    increment.remember(made, increment.plan(made).state)
    return made


def _add_feed_file(build: Build, name: str) -> Path:
    path = build.attendance_root / name
    path.write_bytes(b"more marks")
    return path


def test_a_later_feed_file_is_added_to_the_last_build(build):
    _add_feed_file(build, "session_marks_20221005.parquet")
    plan = increment.plan(build)
    assert plan.incremental
    assert plan.reason == "1 new feed file(s) since the last build"


def test_nothing_new_is_still_an_increment(build):
    assert increment.plan(build).incremental


def test_a_feed_file_dated_on_or_before_the_latest_rebuilds(build):
    _add_feed_file(build, "session_marks_20221004.csv")  # another format: not read
    assert increment.plan(build).incremental
    _add_feed_file(build, "session_marks_20221002.parquet")
    plan = increment.plan(build)
    assert not plan.incremental
    assert (
        "session_marks_20221002.parquet is dated on or before the last build's latest (2022-10-04)"
        in plan.reason
    )


def test_a_feed_file_changed_or_gone_rebuilds(build):
    changed = build.attendance_root / "session_marks_20221003.parquet"
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "session_marks_20221003.parquet changed or went" in increment.plan(build).reason
    changed.unlink()
    assert not increment.plan(build).incremental


def test_a_changed_register_or_setting_rebuilds(build):
    roll = build.landed_root / "school_census" / "pupil_roll_20221006.csv"
    roll.write_text("upn\nA2\n")
    assert "the registers, seeds, models or settings changed" in increment.plan(build).reason
    roll.write_text("upn\nA1\n")
    assert increment.plan(build).incremental
    as_at = Build(
        build.extracts_root,
        build.attendance_root,
        build.database,
        build.target_path,
        as_at_date="2022-09-30",
        landed_root=build.landed_root,
    )
    assert not increment.plan(as_at).incremental


def test_a_stopped_build_is_not_built_upon(build):
    increment.forget(build)  # as a build starts
    assert increment.plan(build).reason == "no earlier build to add to"


def test_a_full_rebuild_when_asked_or_without_a_database(build):
    assert increment.plan(build, full_refresh=True).reason == "a full rebuild was asked for"
    build.database.unlink()
    assert not increment.plan(build).incremental
