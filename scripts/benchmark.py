"""Time `make run`'s work on the default scenario and measure its peak memory.

Runs `cmoe run` in a fresh workspace (a temporary folder: nothing landed, so
the default scenario is generated first), samples the memory of the whole
process tree, and prints the wall time of each step, the total, and the peak
resident memory. The project's own folders are not touched.

    .venv/bin/python scripts/benchmark.py [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil


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
    if arguments.keep:
        print(f"Workspace kept: {workspace}")
    else:
        shutil.rmtree(workspace, ignore_errors=True)
    return process.returncode


if __name__ == "__main__":
    raise SystemExit(main())
