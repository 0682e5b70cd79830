"""Compare a built warehouse's attendance figures with the generator's truth.

    .venv/bin/python scripts/compare_attendance_with_truth.py [--root WORKSPACE]

The workspace must hold a generated scenario (truth/ beside the extracts)
built by `cmoe build`. Prints, for every registration-year's measures and
persistent-absence flag, every threshold crossing and the LA summary, how
many were compared and how many differ, with the first differences; exits 1
if any differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from cmoe.cli import Workspace
from cmoe.paths import PROJECT_DIR
from cmoe.truth_check import compare


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=PROJECT_DIR, help="the workspace (default: the project)")
    workspace = Workspace(parser.parse_args().root.resolve())
    comparisons = compare(workspace.build().database, workspace.truth)
    pd.set_option("display.width", 200)
    for comparison in comparisons:
        print(comparison.line())
        if not comparison.agrees:
            print(comparison.differences.head(10).to_string(index=False))
    return 0 if all(comparison.agrees for comparison in comparisons) else 1


if __name__ == "__main__":
    sys.exit(main())
