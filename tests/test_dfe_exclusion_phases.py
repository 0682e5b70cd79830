"""The schools DfE's LA exclusion rates cover, from its published LA file.

rpt_exclusion_rates counts exclusions and pupils at state-funded primary,
secondary and special schools, in those phases and their total, and leaves
pupil referral units out of both. This is DfE's rule if its LA file has those
phases only and a Total that is their sum: checked here on every LA and year
of the file (exclusion-statistics, clean_la_data.csv, 2006/07 to 2016/17), the
copy shipped in benchmarks/dfe/ (or $CMOE_DFE_REFERENCE_DIR).
"""

from __future__ import annotations

import pandas as pd
import pytest

from cmoe import dfe_statistics as dfe

EXCLUSIONS_LA = "exclusions_la_2006_07_to_2016_17.csv"
PHASES = ["Primary", "Secondary", "Special"]
# Columns never suppressed in the file, so each Total can be checked whole.
SUMMED = ["num_schools", "headcount", "fixed_excl"]


@pytest.fixture(scope="module")
def la_rows() -> pd.DataFrame:
    rows = pd.read_csv(dfe.reference_dir() / EXCLUSIONS_LA, dtype=str)
    return rows[rows["level"] == "Local authority"]


def test_the_phases_are_primary_secondary_special_and_their_total(la_rows):
    assert set(la_rows["school_type"]) == {"Total", *PHASES}


def test_each_total_is_the_sum_of_the_three_phases(la_rows):
    numbers = la_rows[la_rows[SUMMED].apply(lambda column: column.str.fullmatch(r"\d+")).all(axis=1)]
    wide = numbers.assign(**{c: numbers[c].astype(int) for c in SUMMED}).pivot_table(
        index=["year", "la_name"], columns="school_type", values=SUMMED, aggfunc="sum"
    )
    complete = wide.dropna()
    assert len(complete) > 1000
    for column in SUMMED:
        phases = complete[[(column, phase) for phase in PHASES]].sum(axis=1)
        differs = complete[(column, "Total")] != phases
        assert not differs.any(), complete[differs]
