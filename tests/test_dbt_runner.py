"""cmoe's dbt runner: a build that runs out of memory ends in one line naming the model and the setting."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cmoe.dbt_runner import Build, memory_shortage, run_dbt

# dbt's output of a 3x build that ran out of memory (the failing model's lines and dbt's summary).
OUT_OF_MEMORY_LOG = Path(__file__).parent / "dbt_logs" / "build_out_of_memory.log"


def test_an_out_of_memory_failure_names_the_model_and_the_limit() -> None:
    lines = OUT_OF_MEMORY_LOG.read_text().splitlines(keepends=True)

    message = memory_shortage(lines, memory_limit="2GB")

    assert message is not None
    assert "model int_identity_record_pairs_compared" in message
    assert "memory limit of 2GB" in message
    assert "raise CMOE_MEMORY_LIMIT" in message
    assert "\n" not in message


def test_the_limit_quoted_is_the_one_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMOE_MEMORY_LIMIT", "3GB")

    message = memory_shortage(OUT_OF_MEMORY_LOG.read_text().splitlines())

    assert message is not None and "memory limit of 3GB" in message


def test_a_test_that_runs_out_of_memory_is_named() -> None:
    lines = [
        "\x1b[0m10:00:01  Failure in test unique_fct_x_id (models/marts/_marts.yml)\n",
        "\x1b[0m10:00:01    Runtime Error in test unique_fct_x_id (models/marts/_marts.yml)\n",
        "  Out of Memory Error: could not allocate block of size 256.0 KiB (1.8 GiB/1.8 GiB used)\n",
    ]

    message = memory_shortage(lines, memory_limit="2GB")

    assert message is not None and "in test unique_fct_x_id" in message


def test_another_failure_is_left_to_dbt_s_own_lines() -> None:
    failing = OUT_OF_MEMORY_LOG.read_text().replace("Out of Memory Error", "Binder Error")

    assert memory_shortage(failing.splitlines(), memory_limit="2GB") is None


def test_run_dbt_stops_with_the_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stand-in for dbt beside the interpreter, printing the captured output and failing as dbt did.
    fake_dbt = tmp_path / "bin" / "dbt"
    fake_dbt.parent.mkdir()
    fake_dbt.write_text(f"#!/bin/sh\ncat '{OUT_OF_MEMORY_LOG}'\nexit 1\n")
    fake_dbt.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake_dbt.with_name("python")))
    monkeypatch.delenv("CMOE_MEMORY_LIMIT", raising=False)
    build = Build(
        extracts_root=tmp_path,
        attendance_root=tmp_path,
        database=tmp_path / "build" / "cmoe.duckdb",
        target_path=tmp_path / "target",
    )

    with pytest.raises(SystemExit) as stopped:
        run_dbt(build, "build")

    assert str(stopped.value).startswith(
        "error: DuckDB ran out of memory in model int_identity_record_pairs_compared"
    )
    assert "Done. PASS=334 WARN=0 ERROR=1" in capsys.readouterr().out  # dbt's own lines still shown
