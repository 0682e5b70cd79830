"""Compare a built warehouse's CMOE cohort with the generator's truth, and measure the blind spot.

    .venv/bin/python scripts/compare_cmoe_cohort_with_truth.py [--root WORKSPACE]

The workspace must hold a generated scenario (truth/ beside the extracts)
built by `cmoe build`. Prints how many cohort members (as-at date, child,
reason) were compared with what the records can reveal
(truth/cmoe_cohort.csv) and how many differ, with the first differences;
then, at each reporting date, the children in the warehouse's cohort, the
children truly without education (truth/cmoe_truly_missing.csv) and the
share of those the records reveal. Exits 1 if any member differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import pandas as pd

from cmoe.cli import Workspace
from cmoe.paths import PROJECT_DIR
from cmoe.truth_check import cmoe_cohort


def blind_spot(database: Path, truth: Path) -> pd.DataFrame:
    """Per as-at date the warehouse shares with the truth: the cohort, the truly missing and the
    share of those the records reveal."""
    missing = pd.read_csv(truth / "cmoe_truly_missing.csv")
    with duckdb.connect(str(database), read_only=True) as connection:
        cohort = (
            connection.sql(
                "select cast(as_at_date as varchar) as as_at_date,"
                " count(distinct child_id) as cohort_children"
                " from reporting.rpt_cmoe_cohort group by all"
            )
            .df()
            .set_index("as_at_date")
        )
    truly = missing.groupby("as_at_date").agg(
        truly_missing=("child_id", "size"), of_which_revealed=("is_revealed", "sum")
    )
    table = pd.concat([cohort, truly], axis=1, join="inner").fillna(0).astype(int)
    table["share_revealed"] = (table["of_which_revealed"] / table["truly_missing"]).round(3)
    return table.sort_index()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=PROJECT_DIR, help="the workspace (default: the project)")
    workspace = Workspace(parser.parse_args().root.resolve())
    database = workspace.build().database
    comparison = cmoe_cohort(database, workspace.truth)
    pd.set_option("display.width", 200)
    print(comparison.line())
    if not comparison.agrees:
        print(comparison.differences.head(20).to_string(index=False))
    print(blind_spot(database, workspace.truth).to_string())
    return 0 if comparison.agrees else 1


if __name__ == "__main__":
    sys.exit(main())
