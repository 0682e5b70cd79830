"""The project's linters pass: ruff (lint and format), SQLFluff, dbt-score.

Each runs as `make lint` runs it, from the project folder with the project's
configuration (pyproject.toml, .sqlfluff). A failure prints what the linter
said. SQLFluff's dbt templater and dbt parse write only to temporary paths:
never to the project's target/, logs/ or warehouse/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cmoe.dbt_runner import Build, run_dbt
from cmoe.paths import PROJECT_DIR

BIN = Path(sys.executable).parent
MAX_LINE_LENGTH = 80  # as max_line_length in .sqlfluff


def run(command: list[str | Path], environment: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        cwd=PROJECT_DIR,
        env={**os.environ, **(environment or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def said(completed: subprocess.CompletedProcess) -> str:
    """What a linter printed, for a failure message."""
    return (
        f"exit {completed.returncode}\n--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    )


def dbt_environment(root: Path) -> dict[str, str]:
    """dbt (and SQLFluff's dbt templater) reading and writing only under `root`."""
    return {
        "CMOE_BUILD_DATABASE": str(root / "lint.duckdb"),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def test_ruff_check() -> None:
    completed = run([BIN / "ruff", "check", "--no-cache", "."])
    assert completed.returncode == 0, said(completed)


def test_ruff_format() -> None:
    completed = run([BIN / "ruff", "format", "--check", "--no-cache", "."])
    assert completed.returncode == 0, said(completed)


def test_sqlfluff(tmp_path: Path) -> None:
    """Models and singular tests (macros as compiled into them), templated by dbt against an empty
    DuckDB file."""
    completed = run(
        [BIN / "sqlfluff", "lint", "models", "tests/dbt", "--format", "json", "--processes", "0"],
        dbt_environment(tmp_path),
    )
    try:
        files = json.loads(completed.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"SQLFluff wrote no report:\n{said(completed)}")
    violations = [
        f"{file['filepath']}:{violation['start_line_no']}:{violation['start_line_pos']}: "
        f"{violation['code']} {violation['description']}"
        for file in files
        for violation in file["violations"]
    ]
    assert completed.returncode == 0 and not violations, "\n".join(violations) or said(completed)
    # Nothing left out unnoticed: every model and singular test was linted.
    expected = {
        str(path.relative_to(PROJECT_DIR))
        for folder in ("models", "tests/dbt")
        for path in (PROJECT_DIR / folder).rglob("*.sql")
        if "generic" not in path.parts
    }
    assert expected <= {file["filepath"] for file in files}


def sql_lines(*folders: str) -> list[tuple[str, int, str]]:
    """(file, line number, line) of every SQL file under the folders."""
    return [
        (str(path.relative_to(PROJECT_DIR)), number, line)
        for folder in folders
        for path in sorted((PROJECT_DIR / folder).rglob("*.sql"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
    ]


def test_macro_lines_fit() -> None:
    """The dbt templater skips macro files (they are no node of their own): their lines are checked here."""
    long_lines = [
        f"{path}:{number}: {len(line)} characters"
        for path, number, line in sql_lines("macros", "tests/dbt/generic")
        if len(line) > MAX_LINE_LENGTH
    ]
    assert not long_lines, "\n".join(long_lines)


def without_comments(sql: str) -> str:
    """SQL with its Jinja and `--` comments blanked, line numbers kept."""
    sql = re.sub(r"\{#.*?#\}", lambda match: "\n" * match.group().count("\n"), sql, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", "", sql)


def test_union_is_union_all() -> None:
    """`union all`, never a bare `union` (SQLFluff's AM02 does not run for DuckDB)."""
    bare_unions = [
        f"{path.relative_to(PROJECT_DIR)}:{number}: {line.strip()}"
        for folder in ("models", "macros", "tests/dbt")
        for path in sorted((PROJECT_DIR / folder).rglob("*.sql"))
        for number, line in enumerate(without_comments(path.read_text(encoding="utf-8")).splitlines(), 1)
        if re.search(r"\bunion\b(?!\s+all\b)", line, re.IGNORECASE)
    ]
    assert not bare_unions, "\n".join(bare_unions)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's manifest, from `dbt parse` into a temporary target path."""
    root = tmp_path_factory.mktemp("dbt_score")
    build = Build(
        extracts_root=PROJECT_DIR / "seeds" / "extracts",
        attendance_root=PROJECT_DIR / "landing" / "attendance",
        database=root / "lint.duckdb",
        target_path=root / "target",
    )
    run_dbt(build, "parse", quiet=True)
    return build.target_path / "manifest.json"


def test_dbt_score(manifest: Path) -> None:
    """Every model, seed and macro scores at least 8 and the project at least 9 (pyproject.toml)."""
    completed = run([BIN / "dbt-score", "lint", "--manifest", manifest, "--show", "failing-items"])
    assert completed.returncode == 0, said(completed)
    # dbt-score fails under pyproject.toml's thresholds: they must stay where the project set them.
    thresholds = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["tool"]["dbt-score"]
    assert thresholds["fail_project_under"] >= 9.0 and thresholds["fail_any_item_under"] >= 8.0
