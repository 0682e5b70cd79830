"""Fixtures of the arrival checks: a copy of the small scenario's raw files that a test may break."""

from __future__ import annotations

import shutil

import pytest
from arrival_helpers import Arrival


@pytest.fixture()
def arrival(small_scenario, tmp_path) -> Arrival:
    """The small scenario's raw registers and feed, copied (the fixture's own files stay untouched)."""
    build = small_scenario.build
    extracts, attendance = tmp_path / "raw" / "extracts", tmp_path / "raw" / "attendance"
    shutil.copytree(build.extracts_root, extracts)
    shutil.copytree(build.attendance_root, attendance)
    return Arrival(extracts, attendance, tmp_path, build.attendance_format)
