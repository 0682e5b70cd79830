"""The Python in cmoe/ stays readable: no file over 400 lines, no function over 60.

A reader should be able to hold a module and a function in their head; past
these sizes a module is split into a package of modules named for what they
hold, and a function into steps named for what they do.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "cmoe"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def shown(path: Path) -> str:
    """A path as the project names it (cmoe/...), for the failure message."""
    return str(path.relative_to(PACKAGE_DIR.parent)) if path.is_relative_to(PACKAGE_DIR.parent) else str(path)


def long_files(files: list[Path], limit: int = MAX_FILE_LINES) -> list[str]:
    """`path: lines` for each file with more lines than the limit."""
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in files}
    return [f"{shown(path)}: {lines} lines" for path, lines in sizes.items() if lines > limit]


def long_functions(files: list[Path], limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """`path:line name: lines` for each function (or method) longer than the limit."""
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    found.append(f"{shown(path)}:{node.lineno} {node.name}: {lines} lines")
    return found


def package_files() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_no_file_over_the_limit() -> None:
    too_long = long_files(package_files())
    assert not too_long, f"files over {MAX_FILE_LINES} lines:\n" + "\n".join(too_long)


def test_no_function_over_the_limit() -> None:
    too_long = long_functions(package_files())
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(too_long)


def function_source(name: str, body_lines: int) -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(body_lines))
    return f"def {name}():\n{body}"


@pytest.mark.parametrize(
    ("body_lines", "caught"),
    [(MAX_FUNCTION_LINES - 1, False), (MAX_FUNCTION_LINES, True)],
    ids=["at-the-limit", "one-over"],
)
def test_the_check_catches_a_long_function(tmp_path: Path, body_lines: int, caught: bool) -> None:
    # The def line plus the body: 60 lines in all passes, 61 does not.
    module = tmp_path / "module.py"
    module.write_text(function_source("sized", body_lines), encoding="utf-8")
    assert bool(long_functions([module])) is caught


@pytest.mark.parametrize(
    ("lines", "caught"),
    [(MAX_FILE_LINES, False), (MAX_FILE_LINES + 1, True)],
    ids=["at-the-limit", "one-over"],
)
def test_the_check_catches_a_long_file(tmp_path: Path, lines: int, caught: bool) -> None:
    module = tmp_path / "module.py"
    module.write_text("".join(f"x{i} = {i}\n" for i in range(lines)), encoding="utf-8")
    assert bool(long_files([module])) is caught
