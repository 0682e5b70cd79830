"""Run dbt for a set of extracts, writing to a given build database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cmoe.paths import PROJECT_DIR, WAREHOUSE_DIR


@dataclass(frozen=True)
class Build:
    """Where one build reads its extracts and writes its database and artefacts.

    dbt reads the registers' canonical copies under landed_root (written by
    cmoe.landing.land from the raw files under extracts_root) and the
    attendance feed in place under attendance_root.
    """

    extracts_root: Path
    attendance_root: Path
    database: Path
    target_path: Path
    attendance_format: str = "parquet"
    as_at_date: str | None = None  # the reports' "current" date; None: the extract date
    landed_root: Path = WAREHOUSE_DIR / "landed"  # as dbt_project.yml's default, warehouse/landed

    def vars(self) -> dict[str, str]:
        chosen = {
            "landed_root": str(self.landed_root),
            "attendance_root": str(self.attendance_root),
            "attendance_format": self.attendance_format,
        }
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
    completed = subprocess.run(command, cwd=PROJECT_DIR, env=environment, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"dbt {arguments[0]} failed (exit {completed.returncode}); see the lines above")
