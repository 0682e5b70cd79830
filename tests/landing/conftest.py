"""Fixtures of the landing tests: a copy of the small scenario's raw files that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from landing_helpers import RawLanding


@pytest.fixture()
def raw(small_scenario, tmp_path) -> RawLanding:
    """A copy of the small scenario's raw registers and feed (the fixture's own files stay untouched)."""
    build = small_scenario.build
    extracts, attendance = tmp_path / "raw" / "extracts", tmp_path / "raw" / "attendance"
    shutil.copytree(build.extracts_root, extracts)
    shutil.copytree(build.attendance_root, attendance)
    return RawLanding(extracts, attendance, tmp_path, build.attendance_format)


@pytest.fixture()
def clean(raw) -> Path:
    """The unbroken CME referrals file, landed into root/clean: the copy a broken one must equal."""
    raw.land("clean")
    return raw.copy_of(raw.file(), "clean")
