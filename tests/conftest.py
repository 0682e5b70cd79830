"""Shared fixtures: scenarios generated, built and published once per test session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cmoe import cli
from cmoe.cli import DEFAULT_SEED, Workspace
from cmoe.dbt_runner import Build
from cmoe.generator import generate


@dataclass(frozen=True)
class BuiltScenario:
    """A generated scenario, built by dbt and published, with its truth beside it."""

    workspace: Workspace
    build: Build
    summary: dict

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def extracts_root(self) -> Path:
        return self.workspace.extracts

    @property
    def truth(self) -> Path:
        return self.workspace.truth

    @property
    def warehouse(self) -> Path:
        return self.workspace.warehouse

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.build.database), read_only=True) as connection:
            return connection.sql(sql).df()


def build_scenario(root: Path, scenario: str, seed: int) -> BuiltScenario:
    """Generate, then build and publish as `cmoe run` does (landing, checks, dbt, report checks)."""
    workspace = Workspace(root)
    summary = generate(scenario, seed, 1.0, workspace.extracts, workspace.attendance, workspace.truth)
    for step in ("build", "publish"):
        assert cli.main(["--root", str(root), step]) == 0, f"cmoe {step} failed"
    return BuiltScenario(workspace, workspace.build(), summary)


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> BuiltScenario:
    return build_scenario(tmp_path_factory.mktemp("small"), "small", seed=7)


@pytest.fixture(scope="session")
def recent_scenario(tmp_path_factory: pytest.TempPathFactory) -> BuiltScenario:
    """The small scenario's size, extracted in October 2024: the 2024 attendance codes end to end."""
    return build_scenario(tmp_path_factory.mktemp("recent"), "recent", seed=7)


@pytest.fixture(scope="session")
def hard_scenario(tmp_path_factory: pytest.TempPathFactory) -> BuiltScenario:
    """The small scenario's history, extracted with far more noise: the test of the linking."""
    return build_scenario(tmp_path_factory.mktemp("hard"), "hard", seed=7)


@pytest.fixture(scope="session")
def default_scenario(tmp_path_factory: pytest.TempPathFactory) -> BuiltScenario:
    return build_scenario(tmp_path_factory.mktemp("default"), "default", seed=DEFAULT_SEED)


@pytest.fixture()
def raw_copy(small_scenario: BuiltScenario, tmp_path: Path) -> tuple[Path, Path]:
    """The small scenario's raw registers and feed, copied so that a test may break them."""
    build = small_scenario.build
    extracts, attendance = tmp_path / "raw" / "extracts", tmp_path / "raw" / "attendance"
    shutil.copytree(build.extracts_root, extracts)
    shutil.copytree(build.attendance_root, attendance)
    return extracts, attendance
