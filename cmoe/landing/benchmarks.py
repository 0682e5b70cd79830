"""DfE's published LA-level statistics (the benchmarks), read and landed as one tidy table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cmoe import dfe_statistics
from cmoe.landing.problems import LandingProblem
from cmoe.text import listed, write_atomically


def read_benchmarks(folder: Path) -> tuple[pd.DataFrame | None, list[LandingProblem]]:
    """The benchmarks folder's DfE files as one tidy table, or the problems of every file that fails."""
    frames, problems = [], []
    for path in dfe_statistics.benchmark_files(folder):
        try:
            frames.append(dfe_statistics.read_benchmark(path))
        except dfe_statistics.DfeFileError as error:
            problems.append(LandingProblem(path, "dfe_benchmark", str(error).removeprefix(f"{path}: ")))
    if problems:
        return None, problems
    try:
        return dfe_statistics.combine_benchmarks(frames), []
    except dfe_statistics.DfeFileError as error:
        return None, [LandingProblem(folder, "dfe_benchmark", str(error))]


def write_benchmarks(landed_root: Path, benchmarks: pd.DataFrame) -> str:
    """The tidy table where dbt reads it; returns the summary line."""
    path = landed_root / dfe_statistics.LANDED_BENCHMARKS
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, benchmarks.to_csv(index=False, float_format="%.15g", lineterminator="\n"))
    files = sorted(benchmarks["source_file"].unique())
    return f"DfE benchmarks: {len(benchmarks)} figures from {len(files)} file(s) ({listed(files)})"
