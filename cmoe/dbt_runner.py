"""Run dbt for a set of extracts, writing to a given build database."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cmoe.paths import PROJECT_DIR, WAREHOUSE_DIR
from cmoe.stopping import stop_process_group


@dataclass(frozen=True)
class Build:
    """Where one build reads its extracts and writes its database and artefacts.

    dbt reads what cmoe.landing.land wrote under landed_root: the registers'
    canonical copies (from the raw files under extracts_root) and the
    attendance feed's Parquet partitions (from the raw files under
    attendance_root).
    """

    extracts_root: Path
    attendance_root: Path
    database: Path
    target_path: Path
    attendance_format: str = "parquet"
    as_at_date: str | None = None  # the reports' "current" date; None: the extract date
    landed_root: Path = WAREHOUSE_DIR / "landed"  # as dbt_project.yml's default, warehouse/landed
    target: str = "duckdb"  # profiles.yml's target: duckdb, or spark (cmoe.spark)

    def vars(self) -> dict[str, str]:
        chosen = {"landed_root": str(self.landed_root), "attendance_format": self.attendance_format}
        if self.as_at_date:
            chosen["current_as_at_date"] = self.as_at_date
        return chosen


def run_dbt(build: Build, *arguments: str, quiet: bool = False) -> None:
    """`dbt <arguments>` against the build; raises SystemExit with dbt's code on failure."""
    build.database.parent.mkdir(parents=True, exist_ok=True)
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt),
        *arguments,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(build.target_path),
        "--vars",
        json.dumps(build.vars()),
    ]
    if quiet:
        command.insert(1, "--quiet")
    environment = {
        **os.environ,
        "CMOE_BUILD_DATABASE": str(build.database),
        "DBT_LOG_PATH": str(build.target_path / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if build.target != "duckdb":
        from cmoe.spark import spark_environment

        command += ["--target", build.target]
        environment.update(spark_environment(build))
    output: list[str] = []
    # dbt runs in a process group of its own, so that a stop reaches it and all it started (and
    # Ctrl-C at a terminal reaches this process alone, which then stops dbt's group).
    with subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,
    ) as process:
        try:
            # dbt's lines go to the terminal as they come, and are kept to explain a failure.
            for line in process.stdout or ():
                sys.stdout.write(line)
                sys.stdout.flush()
                output.append(line)
        except BaseException:  # a stop (SIGTERM, Ctrl-C) or an error here: stop dbt too
            stop_process_group(process)
            raise
    if process.returncode != 0:
        shortage = memory_shortage(output)
        if shortage:
            raise SystemExit(shortage)
        raise SystemExit(f"dbt {arguments[0]} failed (exit {process.returncode}); see the lines above")


MEMORY_LIMIT_VARIABLE = "CMOE_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "2GB"  # as profiles.yml's default
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# dbt's heading of a failed node: "Runtime Error in model int_x (models/...)".
_FAILED_NODE = re.compile(r"Error in (model|test|seed|snapshot|unit_test) (\S+)")


def configured_memory_limit() -> str:
    """DuckDB's memory limit, for dbt (profiles.yml) and the landing step: CMOE_MEMORY_LIMIT, else 2GB."""
    return os.environ.get(MEMORY_LIMIT_VARIABLE) or DEFAULT_MEMORY_LIMIT


def memory_shortage(output: Iterable[str], memory_limit: str | None = None) -> str | None:
    """One line for a dbt run that failed as DuckDB ran out of memory, or None for any other failure.

    Reads dbt's output: the node named in the heading before the first "Out of Memory Error".
    """
    limit = memory_limit or configured_memory_limit()
    node = None
    for raw_line in output:
        line = _COLOUR.sub("", raw_line)
        heading = _FAILED_NODE.search(line)
        if heading:
            node = f"{heading.group(1)} {heading.group(2)}"
        elif "Out of Memory Error" in line:
            where = f"in {node}" if node else "in the dbt build"
            return (
                f"error: DuckDB ran out of memory {where} under its memory limit of {limit}: "
                f"raise {MEMORY_LIMIT_VARIABLE} (e.g. {MEMORY_LIMIT_VARIABLE}=4GB cmoe build), "
                f"or free space on the disk of the temp directory (warehouse/build/cmoe.duckdb.tmp)"
            )
    return None
