"""Same seed, same bytes; another seed, another history."""

from __future__ import annotations

import hashlib

import pytest

from cmoe.generator import generate


def _fingerprints(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "scenario.json"  # it records the seconds taken
    }


def _generate(root, seed, scenario="small"):
    generate(
        scenario, seed, 0.5, root / "seeds" / "extracts", root / "landing" / "attendance", root / "truth"
    )
    return _fingerprints(root)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    return _generate(tmp_path_factory.mktemp("first"), seed=11)


def test_same_seed_gives_the_same_bytes(first_run, tmp_path):
    second_run = _generate(tmp_path, seed=11)
    # nine registers, the feed, twelve truth files and the record of the registers written
    assert len(first_run) == 23
    assert second_run == first_run


def test_the_hard_scenario_too_gives_the_same_bytes(tmp_path):
    first, second = (_generate(tmp_path / run, seed=11, scenario="hard") for run in ("first", "second"))
    assert first == second


def test_another_seed_gives_other_extracts(first_run, tmp_path):
    other = _generate(tmp_path, seed=12)
    assert other.keys() == first_run.keys()
    changed = [name for name in first_run if other[name] != first_run[name]]
    assert "seeds/extracts/school_census/pupil_roll_20221006.csv" in changed
    assert "landing/attendance/session_marks_20221006.parquet" in changed
