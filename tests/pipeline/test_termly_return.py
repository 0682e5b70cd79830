"""The termly EHE and CME return on the small scenario: every cell against the truth.

The truth (cmoe/generator/termly_return_truth.py) counts the simulated history's
children; the warehouse counts what the registers say. Cells the truth does not
list are zero.
"""

from __future__ import annotations

import pandas as pd
import pytest

TABLES = ("ehe_census", "ehe_full_year", "cme_census", "cme_full_year")
KEYS = ["census_date", "measure", "breakdown_topic", "breakdown"]


def _built(small_scenario, table: str) -> pd.DataFrame:
    measure = "measure" if table.endswith("full_year") else "'' as measure"
    return small_scenario.query(
        f"select cast(census_date as varchar) as census_date, {measure}, breakdown_topic, breakdown,"
        f" child_count from reporting.rpt_{table}_return"
    )


@pytest.fixture(scope="module")
def truth(small_scenario) -> pd.DataFrame:
    return pd.read_csv(small_scenario.truth / "termly_return.csv", keep_default_na=False)


@pytest.mark.parametrize("table", TABLES)
def test_every_cell_of_the_raw_return_equals_the_truth(small_scenario, truth, table):
    built = _built(small_scenario, table)
    expected = truth[truth["return_table"] == table][[*KEYS, "child_count"]]
    # Every cell the truth counts is a cell the table shows.
    missing = expected.merge(built[KEYS], on=KEYS, how="left", indicator=True)
    assert (missing["_merge"] == "both").all(), missing[missing["_merge"] != "both"].to_string()
    compared = built.merge(expected, on=KEYS, how="left", suffixes=("", "_truth"))
    compared["child_count_truth"] = compared["child_count_truth"].fillna(0)
    differences = compared[compared["child_count"] != compared["child_count_truth"]]
    assert differences.empty, differences.to_string()
    assert expected["child_count"].sum() > 0


def test_every_census_date_to_the_extract_date_is_returned(small_scenario, truth):
    dates = small_scenario.query(
        "select distinct cast(census_date as varchar) as census_date from reporting.rpt_ehe_census_return"
    )
    assert sorted(dates["census_date"]) == sorted(truth["census_date"].unique())
    # The small scenario's extracts are dated on the autumn census day 2022.
    assert max(dates["census_date"]) == "2022-10-06"


def test_the_truth_counts_notices_orders_and_every_census_breakdown(truth):
    """So that the comparison above is made on real cases, not on zeros alone."""
    full_year = truth[truth["return_table"] == "ehe_full_year"]
    measures = set(full_year.loc[full_year["child_count"] > 0, "measure"])
    assert {"Started EHE", "Returned to school", "s437(1) notices issued", "SAOs issued"} <= measures
    topics = set(truth.loc[truth["return_table"] == "cme_census", "breakdown_topic"])
    assert topics == {"Total", "Sex", "Year group", "Time missing education", "Primary reason"}
    times = set(truth.loc[truth["breakdown_topic"] == "Time missing education", "breakdown"])
    assert times == {"12 weeks or less", "More than 12 weeks"}
