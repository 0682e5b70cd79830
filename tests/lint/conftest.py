"""The project's dbt manifest, parsed once for the tests that read it."""

from __future__ import annotations

import json

import pytest

from cmoe.dbt_runner import Build, run_dbt


@pytest.fixture(scope="session")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """dbt's manifest of the project as it stands (`dbt parse` into a scratch folder)."""
    root = tmp_path_factory.mktemp("manifest")
    build = Build(
        extracts_root=root / "extracts",
        attendance_root=root / "attendance",
        database=root / "build" / "cmoe.duckdb",
        target_path=root / "target",
    )
    run_dbt(build, "parse", quiet=True)
    return json.loads((build.target_path / "manifest.json").read_text(encoding="utf-8"))
