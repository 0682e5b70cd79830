"""Time the pipeline at one or more scales and compare it, in the same run, with DuckDB by hand and
with plain pandas.

For each scale (`--scale 1,3,10`; default 1) a fresh workspace in a temporary folder: the default
scenario generated at that scale (`cmoe generate --scale S`), then `cmoe run` on it. Measured:

- per stage (generate, land, check, dbt build, publish, notebooks): wall time and the peak resident
  memory of the whole process tree (psutil, sampled every 0.2 s: dbt, DuckDB and the notebooks'
  kernels, not only Python);
- per model, dbt's execution time (target/run_results.json);
- for the heavy models (attendance, identity, CMOE), the same compiled SQL run by hand in DuckDB
  on a copy of the finished build, with the profile's settings: dbt's overhead as a ratio;
- three plain pandas versions of the warehouse's logic (cmoe.baselines: the case indicators, the
  CMOE cohort's no_provision reason, absence runs), each in its own process reading the built
  warehouse read-only, timed with its peak memory and its result checked equal to the warehouse's;
- the daily increment: `cmoe build` again after one new day's feed file, beside the full build.

Prints a table, writes it as a CSV (outputs/benchmark.csv) and draws time and memory against scale
(outputs/benchmark.png). The project's own folders are not touched otherwise. Timings on a shared
machine are noisy: compare figures from the same run.

    .venv/bin/python scripts/benchmark.py [--scale 1,3,10] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import psutil
import yaml

from cmoe import baselines, paths
from cmoe.cli import Workspace

# The stages, by the start of the line `cmoe` prints as each step begins ("==> ...").
STAGES = (
    ("Generating", "generate"),
    ("Landing", "land"),
    ("Checking what arrived", "check"),
    ("Building the warehouse", "dbt build"),
    ("Checking the reports", "publish"),
    ("Publishing", "publish"),
    ("Running the reporting notebooks", "notebooks"),
)

# The heavy models: each run by hand beside dbt. The attendance models over every session mark,
# the identity models (record linkage) and the CMOE cohort's.
HEAVY_MODELS = (
    "int_session_marks_repeated",
    "int_attendance_sessions_resolved",
    "int_absence_sessions_sequenced",
    "int_absence_runs_found",
    "int_attendance_thresholds_crossed",
    "int_attendance_sessions_counted",
    "fct_attendance_session",
    "fct_enrolment_attendance",
    "fct_child_attendance",
    "fct_absence_run",
    "rpt_attendance_summary",
    "rpt_attendance_trigger",
    "int_school_identity_records_unioned",
    "int_la_identity_records_unioned",
    "int_identity_records_unioned",
    "int_identity_key_groups",
    "int_identity_record_pairs_blocked",
    "int_identity_record_pairs_compared",
    "int_identity_key_group_matches",
    "int_identity_records_linked",
    "int_identity_link_keys_listed",
    "fct_identity_link",
    "int_cmoe_as_at_dates_listed",
    "int_cmoe_gap_reasons_listed",
    "int_cmoe_open_cases_listed",
    "int_cmoe_case_reasons_listed",
    "int_cmoe_attendance_reasons_listed",
    "rpt_cmoe_cohort",
    "rpt_cmoe_case_list",
    "rpt_cmoe_case_lists",
)

# The pandas baselines: what each is checked against.
BASELINES = {
    "indicator": "case indicators (rpt_indicator_snapshot)",
    "no_provision": "CMOE no_provision (rpt_cmoe_cohort)",
    "absence_runs": "absence runs (fct_absence_run)",
}
# The models doing in dbt what each baseline does from the same tables (dbt's time beside it;
# rpt_cmoe_cohort and rpt_indicator_snapshot do more: the other reasons and indicators).
BASELINE_MODELS = {
    "indicator": ("int_indicator_members_selected", "rpt_indicator_member", "rpt_indicator_snapshot"),
    "no_provision": ("int_provision_gaps_found", "int_cmoe_gap_reasons_listed", "rpt_cmoe_cohort"),
    "absence_runs": ("int_absence_sessions_sequenced", "int_absence_runs_found", "fct_absence_run"),
}


@dataclass
class Row:
    """One line of the table and the CSV."""

    scale: float
    section: str  # stage, dbt model, raw sql, pandas
    name: str
    seconds: float | None = None
    peak_gib: float | None = None
    dbt_seconds: float | None = None  # raw sql: dbt's time for the model; pandas: for BASELINE_MODELS
    ratio: float | None = None  # raw sql: dbt over DuckDB by hand; one day added: over the full build
    read_seconds: float | None = None  # pandas: of its seconds, reading the warehouse
    rows: int | None = None  # pandas: rows in its result
    equal_to_warehouse: bool | None = None  # pandas: its result equals the warehouse's


# ---------- watching a process tree


def tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:  # the process has ended
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):  # the process ended while we looked
            total += member.memory_info().rss
    return total


@dataclass
class Watched:
    returncode: int
    seconds: float
    steps: list[tuple[str, float, int]]  # each "==> " step: its line, seconds and peak bytes
    output: str


def run_watched(command: list[str], echo: bool = True) -> Watched:
    """Run a command, sampling its process tree's memory; split its time and peak at each line it
    prints starting "==> " (the first step is everything before the first such line)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched = psutil.Process(process.pid)
    peaks: list[int] = [0]

    def sample() -> None:
        while process.poll() is None:
            peaks[-1] = max(peaks[-1], tree_rss(watched))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    starts: list[tuple[str, float]] = [("", 0.0)]
    output = []
    for line in process.stdout:
        output.append(line)
        if echo:
            print(line, end="", flush=True)
        if line.startswith("==> "):
            starts.append((line[4:].strip(), time.perf_counter() - started))
            peaks.append(tree_rss(watched))  # at once: a step may end before the next sample
    process.wait()
    sampler.join()
    total = time.perf_counter() - started
    ends = [at for _, at in starts[1:]] + [total]
    steps = [(name, end - begun, peak) for (name, begun), end, peak in zip(starts, ends, peaks, strict=True)]
    return Watched(process.returncode, total, steps, "".join(output))


def gib(size: int) -> float:
    return round(size / 2**30, 3)


# ---------- the pipeline's stages


def stage_of(line: str) -> str:
    return next((stage for start, stage in STAGES if line.startswith(start)), line)


def run_stages(workspace: Workspace, scale: float, scenario: str) -> tuple[list[Row], bool]:
    cmoe = str(Path(sys.executable).with_name("cmoe"))
    root = ["--root", str(workspace.root)]
    generated = run_watched([cmoe, *root, "generate", "--scenario", scenario, "--scale", str(scale)])
    ran = run_watched([cmoe, *root, "run"]) if generated.returncode == 0 else None
    by_stage: dict[str, Row] = {}
    for watched in (generated, ran):
        for line, seconds, peak in watched.steps[1:] if watched else []:
            row = by_stage.setdefault(stage_of(line), Row(scale, "stage", stage_of(line), 0.0, 0.0))
            row.seconds = round(row.seconds + seconds, 2)
            row.peak_gib = max(row.peak_gib, gib(peak))
    ok = ran is not None and ran.returncode == 0
    total = generated.seconds + (ran.seconds if ran else 0.0)
    peak = max(row.peak_gib for row in by_stage.values()) if by_stage else None
    name = "total" if ok else "total (failed)"
    return [*by_stage.values(), Row(scale, "stage", name, round(total, 2), peak)], ok


def add_next_day(workspace: Workspace) -> Path:
    """A new day's feed file: the last day's marks again, dated the next weekday, extracted the day after."""
    feed = sorted(workspace.attendance.glob("session_marks_*.parquet"))
    with duckdb.connect() as connection:
        last = connection.execute(
            "select max(attendance_date) from read_parquet(?)", [[str(path) for path in feed]]
        ).fetchone()[0]
        day = last + timedelta(days=3 if last.weekday() == 4 else 1)
        path = workspace.attendance / f"session_marks_{day + timedelta(days=1):%Y%m%d}.parquet"
        connection.execute(
            f"copy (select * replace (date '{day}' as attendance_date) from read_parquet(?)"
            f" where attendance_date = date '{last}') to '{path}'",
            [[str(path) for path in feed]],
        )
    return path


def increment_rows(workspace: Workspace, scale: float, full_build: Row) -> list[Row]:
    """`cmoe build` after one new day's feed file, beside the full dbt build of the same run."""
    add_next_day(workspace)
    cmoe = str(Path(sys.executable).with_name("cmoe"))
    watched = run_watched([cmoe, "--root", str(workspace.root), "build"])
    steps = {stage_of(line): (seconds, peak) for line, seconds, peak in watched.steps[1:]}
    seconds, peak = steps.get("dbt build", (watched.seconds, 0))
    name = "dbt build, one day added" if watched.returncode == 0 else "dbt build, one day added (failed)"
    return [
        Row(scale, "stage", name, round(seconds, 2), gib(peak), ratio=round(seconds / full_build.seconds, 3))
    ]


# ---------- dbt's time per model, and the heavy models by hand


def dbt_seconds(target: Path) -> dict[str, float]:
    """Each model's execution time in the last dbt run, by model name."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {
        result["unique_id"].split(".")[-1]: result["execution_time"]
        for result in results
        if result["unique_id"].startswith("model.")
    }


def models(target: Path) -> dict[str, dict]:
    """Each model's manifest node, by model name."""
    nodes = json.loads((target / "manifest.json").read_text())["nodes"].values()
    return {node["name"]: node for node in nodes if node["resource_type"] == "model"}


def profile_settings() -> dict[str, str]:
    """The DuckDB settings of the dbt profile (profiles.yml), its env_var defaults applied."""
    profile = yaml.safe_load((paths.PROJECT_DIR / "profiles.yml").read_text())
    settings = profile["cmoe"]["outputs"]["duckdb"].get("settings", {})
    pattern = re.compile(r"\{\{\s*env_var\('(\w+)',\s*'([^']*)'\)\s*\}\}")
    return {
        key: pattern.sub(lambda match: os.environ.get(match[1], match[2]), str(value))
        for key, value in settings.items()
    }


def raw_sql_rows(workspace: Workspace, scale: float) -> list[Row]:
    """dbt's time for each heavy model beside DuckDB running its compiled SQL by hand (each in its
    own process, on a copy of the finished build, with the profile's settings)."""
    build = workspace.build()
    timed = dbt_seconds(build.target_path)
    nodes = models(build.target_path)
    copy = build.database.with_name("raw_sql") / build.database.name  # same name: same catalog
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(build.database, copy)
    rows = []
    try:
        for name in HEAVY_MODELS:
            node = nodes.get(name)
            if node is None or name not in timed:
                continue
            compiled = build.target_path / "compiled" / "cmoe" / node["original_file_path"]
            kind = node["config"]["materialized"]
            command = [
                sys.executable,
                __file__,
                "--raw-sql",
                str(compiled),
                "--kind",
                kind,
                "--database",
                str(copy),
            ]
            watched = run_watched(command, echo=False)
            if watched.returncode != 0:
                print(f"  {name}: by hand failed\n{watched.output}")
                continue
            seconds = json.loads(watched.output.strip().splitlines()[-1])["seconds"]
            # A view stores nothing: creating it runs no query, so no ratio.
            ratio = round(timed[name] / seconds, 2) if kind == "table" and seconds > 0 else None
            rows.append(
                Row(
                    scale,
                    "raw sql",
                    name if kind == "table" else f"{name} (view)",
                    round(seconds, 2),
                    gib(max(peak for _, _, peak in watched.steps)),
                    dbt_seconds=round(timed[name], 2),
                    ratio=ratio,
                )
            )
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    dbt_total = sum(row.dbt_seconds for row in rows if row.ratio is not None)
    raw_total = sum(row.seconds for row in rows if row.ratio is not None)
    if raw_total:
        rows.append(
            Row(
                scale,
                "raw sql",
                "all heavy models",
                round(raw_total, 2),
                max(row.peak_gib for row in rows),
                round(dbt_total, 2),
                round(dbt_total / raw_total, 2),
            )
        )
    return rows


def model_rows(workspace: Workspace, scale: float) -> list[Row]:
    timed = dbt_seconds(workspace.build().target_path)
    return [Row(scale, "dbt model", name, round(seconds, 2)) for name, seconds in sorted(timed.items())]


def run_raw_sql(compiled: Path, kind: str, database: Path) -> None:
    """In its own process: create the model as dbt would (a table or a view), timed."""
    with duckdb.connect(str(database)) as connection:
        for key, value in profile_settings().items():
            connection.execute(f"set {key} = '{value}'")
        begun = time.perf_counter()
        connection.execute(f"create or replace temp {kind} raw_model as {compiled.read_text()}")
        print(json.dumps({"seconds": time.perf_counter() - begun}))


# ---------- the pandas baselines


def run_baseline(name: str, database: Path, result: Path) -> None:
    """In its own process: read what the logic needs from the warehouse (read-only), compute it with
    pandas, time both, and keep the result for the check."""
    begun = time.perf_counter()
    with duckdb.connect(str(database), read_only=True) as connection:
        if name == "indicator":
            inputs = baselines.read_indicator_inputs(connection)
        elif name == "no_provision":
            min_days = yaml.safe_load((paths.PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
            inputs = {"data": baselines.read_provision_inputs(connection, min_days["cmoe_min_school_days"])}
        else:
            inputs = baselines.read_attendance_inputs(connection)
    read = time.perf_counter() - begun
    compute = {
        "indicator": baselines.indicator_counts,
        "no_provision": baselines.no_provision,
        "absence_runs": baselines.absence_runs,
    }[name]
    found = compute(**inputs)
    seconds = time.perf_counter() - begun
    found.to_parquet(result)
    print(json.dumps({"seconds": seconds, "read_seconds": read, "rows": len(found)}))


def baseline_rows(workspace: Workspace, scale: float) -> list[Row]:
    database = workspace.build().database
    timed = dbt_seconds(workspace.build().target_path)
    rows = []
    for name, label in BASELINES.items():
        result = workspace.root / f"baseline_{name}.parquet"
        command = [sys.executable, __file__, "--baseline", name, "--database", str(database)]
        watched = run_watched([*command, "--result", str(result)], echo=False)
        if watched.returncode != 0:
            print(f"  pandas {name} failed\n{watched.output}")
            rows.append(Row(scale, "pandas", f"{label} (failed)"))
            continue
        figures = json.loads(watched.output.strip().splitlines()[-1])
        with duckdb.connect(str(database), read_only=True) as connection:
            theirs = connection.sql(baselines.WAREHOUSE_ANSWERS[name]).df()
        equal = baselines.same_rows(pd.read_parquet(result), theirs)
        rows.append(
            Row(
                scale,
                "pandas",
                label,
                round(figures["seconds"], 2),
                gib(max(peak for _, _, peak in watched.steps)),
                dbt_seconds=round(sum(timed.get(model, 0.0) for model in BASELINE_MODELS[name]), 2),
                read_seconds=round(figures["read_seconds"], 2),
                rows=figures["rows"],
                equal_to_warehouse=equal,
            )
        )
    return rows


# ---------- output


def show(value: object, width: int) -> str:
    if value is None:
        return " " * width
    if isinstance(value, bool):
        return f"{'yes' if value else 'NO':>{width}}"
    if isinstance(value, float):
        return f"{value:{width}.2f}"
    return f"{value!s:>{width}}"


def print_table(rows: list[Row]) -> None:
    headings = ("seconds", "peak GiB", "dbt s", "ratio", "read s", "rows", "equal")
    for scale in dict.fromkeys(row.scale for row in rows):
        for section in dict.fromkeys(row.section for row in rows if row.scale == scale):
            print(f"\nScale {scale:g}, {section}")
            print(f"  {'':44}" + "".join(f"{heading:>10}" for heading in headings))
            for row in (row for row in rows if row.scale == scale and row.section == section):
                figures = (
                    row.seconds,
                    row.peak_gib,
                    row.dbt_seconds,
                    row.ratio,
                    row.read_seconds,
                    row.rows,
                    row.equal_to_warehouse,
                )
                print(f"  {row.name[:44]:44}" + "".join(show(value, 10) for value in figures))


def write_csv(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=[field.name for field in fields(Row)])
        writer.writeheader()
        writer.writerows(asdict(row) for row in rows)


def draw_chart(rows: list[Row], path: Path) -> None:
    """Time and peak memory against scale: each stage, the heavy models by hand and the pandas
    baselines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = [("stage", row.name) for row in rows if row.section == "stage"]
    lines += [("raw sql", "all heavy models")] + [("pandas", label) for label in BASELINES.values()]
    figure, (time_axis, memory_axis) = plt.subplots(1, 2, figsize=(13, 5))
    for section, name in dict.fromkeys(lines):
        points = sorted(
            (row.scale, row.seconds, row.peak_gib)
            for row in rows
            if (row.section, row.name) == (section, name) and row.seconds is not None
        )
        if not points:
            continue
        label = f"{section}: {name}" if section != "stage" else name
        scales = [point[0] for point in points]
        style = {"stage": "-o", "raw sql": "--s", "pandas": ":^"}[section]
        time_axis.plot(scales, [point[1] for point in points], style, label=label)
        memory_axis.plot(scales, [point[2] for point in points], style, label=label)
    for axis, title in ((time_axis, "Wall time (s)"), (memory_axis, "Peak memory of the process tree (GiB)")):
        axis.set_xticks(sorted({row.scale for row in rows}))
        axis.set_xlabel("scale (x the default scenario)")
        axis.set_title(title)
        axis.grid(alpha=0.3)
    memory_axis.legend(fontsize=7, loc="upper left")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main() -> int:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--scale", default="1", help="comma-separated scales (default 1), e.g. 1,3,10")
    options.add_argument("--scenario", default="default", help="the scenario generated (default: default)")
    options.add_argument("--keep", action="store_true", help="keep the workspace folders")
    options.add_argument("--output", type=Path, default=paths.PROJECT_DIR / "outputs" / "benchmark.csv")
    # The benchmark's own child processes.
    options.add_argument("--raw-sql", type=Path, help=argparse.SUPPRESS)
    options.add_argument("--kind", help=argparse.SUPPRESS)
    options.add_argument("--baseline", choices=BASELINES, help=argparse.SUPPRESS)
    options.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    options.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    arguments = options.parse_args()
    if arguments.raw_sql:
        run_raw_sql(arguments.raw_sql, arguments.kind, arguments.database)
        return 0
    if arguments.baseline:
        run_baseline(arguments.baseline, arguments.database, arguments.result)
        return 0

    rows: list[Row] = []
    failed = False
    for scale in (float(scale) for scale in arguments.scale.split(",")):
        workspace = Workspace(Path(tempfile.mkdtemp(prefix=f"cmoe-benchmark-{scale:g}x-")))
        print(f"\n#### Scale {scale:g}: workspace {workspace.root}", flush=True)
        stages, ok = run_stages(workspace, scale, arguments.scenario)
        rows += stages
        if ok:
            rows += model_rows(workspace, scale)
            rows += raw_sql_rows(workspace, scale)
            rows += baseline_rows(workspace, scale)
            full_build = next(row for row in stages if row.name == "dbt build")
            rows += increment_rows(workspace, scale, full_build)
        failed = failed or not ok
        if arguments.keep:
            print(f"Workspace kept: {workspace.root}")
        else:
            shutil.rmtree(workspace.root, ignore_errors=True)
    print_table([row for row in rows if row.section != "dbt model"])
    write_csv(rows, arguments.output)
    chart = arguments.output.with_suffix(".png")
    draw_chart(rows, chart)
    print(f"\nEvery row (dbt's time for every model too) in {arguments.output}; chart in {chart}")
    print("Timings on a shared machine are noisy: compare figures from the same run.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
