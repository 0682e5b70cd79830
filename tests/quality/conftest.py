"""Fixtures of the arrival checks: a copy of the small scenario's raw files that a test may break."""

from __future__ import annotations

import pytest
from arrival_helpers import Arrival


@pytest.fixture()
def arrival(small_scenario, raw_copy, tmp_path) -> Arrival:
    """The small scenario's raw registers and feed, copied (the fixture's own files stay untouched)."""
    extracts, attendance = raw_copy
    return Arrival(extracts, attendance, tmp_path, small_scenario.build.attendance_format)
