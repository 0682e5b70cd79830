"""A build stopped midway (SIGTERM from a scheduler, Ctrl-C) stops everything it started, leaves the
published release as it was, and the next build publishes; a reader of the published warehouse
never fails meanwhile.

On a copy of the small scenario's workspace, with a reader querying the published release in a
loop: a build is stopped by SIGINT at a random point, another by SIGTERM at a random point of dbt's
run, then a build and a publish run to the end. The delays are random with a fixed seed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psutil
import pytest

SEED = 20221006
READER = Path(__file__).with_name("published_reader.py")
CMOE = Path(sys.executable).with_name("cmoe")
DBT_STEP = "==> Building the warehouse with dbt"
FIRST_STEP = "==> "
WAIT_SECONDS = 300


@dataclass(frozen=True)
class Stop:
    """A build stopped by a signal: how it ended, and the processes it had started then."""

    signal_name: str
    returncode: int
    output: str
    children: tuple[str, ...]  # the command lines of its child processes when it was stopped
    survivors: tuple[str, ...]  # any process of its process groups alive after it ended


@dataclass(frozen=True)
class StoppedRuns:
    release_before: dict
    stops: tuple[Stop, ...]
    release_after_stops: dict
    finished: tuple[subprocess.CompletedProcess, ...]  # cmoe build, then cmoe publish
    release_after_build: dict
    run_results: dict
    reader: dict
    builds_run: int


def live_release(warehouse: Path) -> dict:
    """The live release's name and release.json, and each export's rows counted now."""
    release = (warehouse / "exports").resolve().parent
    with duckdb.connect() as connection:
        rows = {
            path.stem: connection.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            for path in sorted((release / "exports").glob("*.parquet"))
        }
    record = json.loads((release / "release.json").read_text(encoding="utf-8"))
    return {"name": release.name, "record": record, "rows_counted": rows}


def _wait_for(log: Path, text: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while text not in log.read_text(encoding="utf-8"):
        assert process.poll() is None, f"the build ended before {text!r}:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"no {text!r} in {WAIT_SECONDS} s"
        time.sleep(0.1)


def _living(pids: set[int] | None = None, groups: set[int] | None = None) -> tuple[str, ...]:
    """Processes alive (not zombies) among pids, or in the process groups given."""
    found = []
    for process in psutil.process_iter(["pid", "status", "cmdline"]):
        try:
            chosen = process.pid in (pids or set()) or os.getpgid(process.pid) in (groups or set())
        except ProcessLookupError:
            continue
        if chosen and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(f"{process.pid}: {' '.join(process.info['cmdline'] or [])}")
    return tuple(found)


def stop_a_build(root: Path, log: Path, stop_signal: signal.Signals, after: str, delay: float) -> Stop:
    """`cmoe build`, sent stop_signal `delay` seconds after its output shows `after`."""
    with log.open("w", encoding="utf-8") as output:
        build = subprocess.Popen(
            [CMOE, "--root", root, "build"], stdout=output, stderr=subprocess.STDOUT, process_group=0
        )
    _wait_for(log, after, build)
    time.sleep(delay)
    children = psutil.Process(build.pid).children(recursive=True)
    commands = tuple(" ".join(child.cmdline()) for child in children)
    groups = {build.pid} | {os.getpgid(child.pid) for child in children}
    build.send_signal(stop_signal)
    returncode = build.wait(timeout=WAIT_SECONDS)
    return Stop(
        signal_name=stop_signal.name,
        returncode=returncode,
        output=log.read_text(encoding="utf-8"),
        children=commands,
        survivors=_living({child.pid for child in children}, groups),
    )


def reads_done(result_file: Path) -> int:
    return json.loads(result_file.read_text())["reads"] if result_file.exists() else 0


def wait_for_reads(result_file: Path, reads: int, reader: subprocess.Popen) -> None:
    """Until the reader has done `reads` reads."""
    deadline = time.monotonic() + WAIT_SECONDS
    while reads_done(result_file) < reads:
        assert reader.poll() is None, "the reader ended"
        assert time.monotonic() < deadline, f"the reader did not read {reads} times in {WAIT_SECONDS} s"
        time.sleep(0.1)


def cmoe(root: Path, step: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CMOE, "--root", root, step], capture_output=True, text=True, timeout=WAIT_SECONDS, check=False
    )


@pytest.fixture(scope="module")
def stopped_runs(small_scenario, tmp_path_factory: pytest.TempPathFactory) -> StoppedRuns:
    scratch = tmp_path_factory.mktemp("stopped")
    root = scratch / "workspace"
    shutil.copytree(small_scenario.root, root, symlinks=True)
    warehouse = root / "warehouse"
    release_before = live_release(warehouse)
    stop_file, result_file = scratch / "reader.stop", scratch / "reader.json"
    reader = subprocess.Popen([sys.executable, READER, warehouse, stop_file, result_file])
    try:
        wait_for_reads(result_file, 1, reader)
        randomly = random.Random(SEED)
        stops = (
            stop_a_build(root, scratch / "sigint.log", signal.SIGINT, FIRST_STEP, randomly.uniform(0.5, 12)),
            stop_a_build(root, scratch / "sigterm.log", signal.SIGTERM, DBT_STEP, randomly.uniform(1, 15)),
        )
        release_after_stops = live_release(warehouse)
        finished = (cmoe(root, "build"), cmoe(root, "publish"))
        wait_for_reads(result_file, reads_done(result_file) + 2, reader)  # the new release read too
    finally:
        stop_file.touch()
        reader.wait(timeout=WAIT_SECONDS)
    return StoppedRuns(
        release_before=release_before,
        stops=stops,
        release_after_stops=release_after_stops,
        finished=finished,
        release_after_build=live_release(warehouse),
        run_results=json.loads((root / "target" / "run_results.json").read_text()),
        reader=json.loads(result_file.read_text()),
        builds_run=len(stops) + 1,
    )


def test_a_stopped_build_ends_in_one_line_with_the_shell_s_exit_code(stopped_runs: StoppedRuns) -> None:
    for stop in stopped_runs.stops:
        expected = 128 + signal.Signals[stop.signal_name].value
        last_line = stop.output.strip().splitlines()[-1]

        assert stop.returncode == expected, stop.output[-3000:]
        assert last_line.startswith(f"error: stopped by {stop.signal_name}; the run and every process")
        assert "Traceback" not in stop.output


def test_a_build_is_stopped_during_dbt(stopped_runs: StoppedRuns) -> None:
    stopped_in_dbt = stopped_runs.stops[-1]

    assert stopped_in_dbt.signal_name == "SIGTERM"
    assert any("/dbt build" in child for child in stopped_in_dbt.children), stopped_in_dbt.children


def test_no_process_of_a_stopped_build_survives(stopped_runs: StoppedRuns) -> None:
    for stop in stopped_runs.stops:
        assert stop.survivors == (), f"stopped by {stop.signal_name}, still running: {stop.survivors}"


def test_the_next_build_after_a_stop_is_published(stopped_runs: StoppedRuns) -> None:
    build, publish = stopped_runs.finished
    after = stopped_runs.release_after_build

    assert build.returncode == 0, build.stdout[-3000:]
    assert "every model from the start" in build.stdout  # a stopped build is never built upon
    assert publish.returncode == 0, publish.stdout[-3000:]
    assert after["name"] != stopped_runs.release_before["name"]
    assert after["record"]["build_id"] == stopped_runs.run_results["metadata"]["invocation_id"]
    assert after["rows_counted"] == after["record"]["row_counts"]


def test_a_stop_leaves_the_last_release_readable_and_unchanged(stopped_runs: StoppedRuns) -> None:
    before, after = stopped_runs.release_before, stopped_runs.release_after_stops

    assert after["name"] == before["name"]
    assert after["record"] == before["record"]
    assert after["rows_counted"] == before["rows_counted"] == before["record"]["row_counts"]


def test_a_reader_never_fails_during_builds_and_stops(stopped_runs: StoppedRuns) -> None:
    reader = stopped_runs.reader
    figures = (
        f"{reader['reads']} reads, {reader['failed']} failed, during {stopped_runs.builds_run} builds "
        f"({len(stopped_runs.stops)} stopped); releases seen: {reader['releases_seen']}"
    )
    print(f"\nreader of the published warehouse: {figures}")

    assert reader["failed"] == 0, f"{figures}; failures: {reader['failures']}"
    assert reader["reads"] > 0, figures
    assert reader["releases_seen"][0] == stopped_runs.release_before["name"], figures
    assert reader["releases_seen"][-1] == stopped_runs.release_after_build["name"], figures
