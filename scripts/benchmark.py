"""Time `make run`'s work on the default scenario and measure its peak memory.

Runs `cmoe run` in a fresh workspace (a temporary folder: nothing landed, so
the default scenario is generated first), samples the memory of the whole
process tree, and prints the wall time of each step, the total, and the peak
resident memory. Then, for the attendance models, dbt's time for each beside
the time DuckDB takes to run the same compiled SQL by hand on the same build
(dbt's overhead as a ratio). The project's own folders are not touched.

    .venv/bin/python scripts/benchmark.py [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import psutil

from cmoe.cli import Workspace

# The attendance models, in the order dbt builds them (each reads only earlier ones or built tables).
ATTENDANCE_MODELS = (
    "intermediate/attendance/int_session_marks_linked",
    "intermediate/attendance/int_attendance_sessions_resolved",
    "intermediate/attendance/int_absence_sessions_numbered",
    "intermediate/attendance/int_absence_runs_found",
    "intermediate/attendance/int_attendance_thresholds_crossed",
    "intermediate/attendance/int_attendance_sessions_counted",
    "marts/core/fct_attendance_session",
    "marts/core/fct_enrolment_attendance",
    "marts/core/fct_child_attendance",
    "marts/core/fct_absence_run",
    "marts/reporting/rpt_attendance_summary",
    "marts/reporting/rpt_attendance_trigger",
)


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # the process ended while we looked
            total += member.memory_info().rss
    return total


def main() -> int:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--keep", action="store_true", help="keep the workspace folder")
    arguments = options.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="cmoe-benchmark-"))
    command = [str(Path(sys.executable).with_name("cmoe")), "--root", str(workspace), "run"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched = psutil.Process(process.pid)
    peaks: list[int] = [0]  # one per step, the first for what runs before any step

    def sample() -> None:
        while process.poll() is None:
            peaks[-1] = max(peaks[-1], tree_rss(watched))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    steps: list[tuple[str, float]] = []
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith("==> "):
            steps.append((line[4:].strip(), time.perf_counter() - started))
            peaks.append(0)
    process.wait()
    sampler.join()
    total = time.perf_counter() - started
    print("\nStep timings (wall clock) and peak resident memory of the process tree:")
    ends = [at for _, at in steps[1:]] + [total]
    for (name, begun), ended, peak in zip(steps, ends, peaks[1:], strict=True):
        print(f"  {ended - begun:7.1f} s  {peak / 2**30:5.2f} GiB  {name}")
    print(
        f"  {total:7.1f} s  {max(peaks) / 2**30:5.2f} GiB  total"
        " (`cmoe run` on the default scenario, from nothing landed)"
    )
    if process.returncode == 0:
        compare_with_raw_sql(Workspace(workspace))
    if arguments.keep:
        print(f"Workspace kept: {workspace}")
    else:
        shutil.rmtree(workspace, ignore_errors=True)
    return process.returncode


def dbt_seconds(target: Path) -> dict[str, float]:
    """Each model's execution time in the last dbt run, by model name."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {
        result["unique_id"].split(".")[-1]: result["execution_time"]
        for result in results
        if result["unique_id"].startswith("model.")
    }


def materializations(target: Path) -> dict[str, str]:
    """Each model's materialization (table or view), by model name."""
    nodes = json.loads((target / "manifest.json").read_text())["nodes"].values()
    models = [node for node in nodes if node["resource_type"] == "model"]
    return {model["name"]: model["config"]["materialized"] for model in models}


def compare_with_raw_sql(workspace: Workspace) -> None:
    """dbt's time for each attendance model beside DuckDB running its compiled SQL by hand, on a copy
    of the finished build with the profile's settings."""
    build = workspace.build()
    timed = dbt_seconds(build.target_path)
    kinds = materializations(build.target_path)
    copy = build.database.with_name("raw_sql") / build.database.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(build.database, copy)
    print("\nAttendance models: dbt against the same compiled SQL run by hand in DuckDB")
    print(f"  {'model':40} {'dbt s':>7} {'raw s':>7} {'ratio':>6}")
    dbt_total = raw_total = 0.0
    with duckdb.connect(str(copy)) as connection:
        # The profile's settings (profiles.yml, with CMOE_MEMORY_LIMIT unset); DuckDB's own thread count.
        connection.execute("set memory_limit = '2GB'; set preserve_insertion_order = true")
        for model in ATTENDANCE_MODELS:
            name = model.rsplit("/", 1)[-1]
            sql = (build.target_path / "compiled" / "cmoe" / "models" / f"{model}.sql").read_text()
            begun = time.perf_counter()
            # As dbt makes it: a table, or a view (fct_attendance_session stores nothing).
            connection.execute(f"create or replace temp {kinds[name]} raw_{name} as {sql}")
            raw = time.perf_counter() - begun
            dbt_total, raw_total = dbt_total + timed[name], raw_total + raw
            ratio = f"{timed[name] / raw:6.2f}" if kinds[name] == "table" else "  view"
            print(f"  {name:40} {timed[name]:7.1f} {raw:7.1f} {ratio}")
    print(f"  {'all attendance models':40} {dbt_total:7.1f} {raw_total:7.1f} {dbt_total / raw_total:6.2f}")
    shutil.rmtree(copy.parent, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
