"""Stopping a run: a stop signal ends the run with the shell's exit code, but never halfway through
a step that must be whole; a child's whole process group is stopped; a build database another
process holds is named, with its process, and the run refuses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from cmoe import cli
from cmoe.stopping import Stopped, signals_held, stop_on_signals, stop_process_group


def ended(pid: int, wait: float = 30) -> bool:
    """Whether the process ends (or is a zombie) within `wait` seconds: a kill takes effect a moment after."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("stop_signal", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stop_within_a_held_step_takes_effect_when_the_step_ends(stop_signal, exit_code):
    steps_done = []

    with stop_on_signals(), pytest.raises(Stopped) as stopped, signals_held():
        os.kill(os.getpid(), stop_signal)
        steps_done.append("the rest of the held step")

    assert steps_done == ["the rest of the held step"]
    assert stopped.value.exit_code == exit_code
    assert str(stopped.value) == f"stopped by {stop_signal.name}"


def test_stopping_a_child_stops_what_it_started():
    child = subprocess.Popen(
        ["sh", "-c", "sleep 300 & echo $!; wait"], stdout=subprocess.PIPE, text=True, process_group=0
    )
    grandchild = int(child.stdout.readline())

    stop_process_group(child, grace=5)

    assert child.poll() is not None
    assert ended(grandchild)


def test_a_stop_ends_a_child_started_in_a_session_of_its_own():
    # As a notebook's kernel is started: out of reach of a signal to this process's group.
    with pytest.raises(Stopped), stop_on_signals():
        child = subprocess.Popen(["sleep", "300"], start_new_session=True)
        os.kill(os.getpid(), signal.SIGTERM)
        child.wait(timeout=60)  # the stop comes first

    assert ended(child.pid)


def test_a_build_database_another_process_holds_is_named(tmp_path: Path, capsys):
    database = tmp_path / "warehouse" / "build" / "cmoe.duckdb"
    database.parent.mkdir(parents=True)
    holding = (
        f"import duckdb, time; c = duckdb.connect({str(database)!r}); "
        "print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", holding], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        codes = [cli.main(["--root", str(tmp_path), step]) for step in ("build", "publish")]
    finally:
        holder.kill()
        holder.wait()
    lines = capsys.readouterr().out.splitlines()

    assert codes == [2, 2]
    assert len(lines) == 2, lines  # nothing landed, nothing checked
    for line in lines:
        assert line.startswith(
            f"error: {database} is in use by PID {holder.pid} ({sys.executable} -c import duckdb"
        )
        assert "another build is running there" in line


def test_a_build_that_did_not_end_green_is_not_published(tmp_path: Path, capsys):
    code = cli.main(["--root", str(tmp_path), "publish"])

    assert code == 2
    assert capsys.readouterr().out.splitlines() == [
        "error: the last build did not end green (it failed or was stopped): "
        "run cmoe build, then cmoe publish"
    ]
