"""Fixtures of the landing tests: a copy of the small scenario's raw files that a test may break."""

from __future__ import annotations

from pathlib import Path

import pytest
from landing_helpers import RawLanding


@pytest.fixture()
def raw(small_scenario, raw_copy, tmp_path) -> RawLanding:
    """A copy of the small scenario's raw registers and feed (the fixture's own files stay untouched)."""
    extracts, attendance = raw_copy
    return RawLanding(extracts, attendance, tmp_path, small_scenario.build.attendance_format)


@pytest.fixture()
def clean(raw) -> Path:
    """The unbroken CME referrals file, landed into root/clean: the copy a broken one must equal."""
    raw.land("clean")
    return raw.copy_of(raw.file(), "clean")
