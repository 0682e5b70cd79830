"""The LA's DfE benchmarks in the small scenario's build, against the shipped DfE files read with
plain pandas (not the loader, not the models' SQL).

The small scenario serves Wiltshire (var local_authority_code 865, E06000054, South West).
"""

from __future__ import annotations

import pandas as pd
import pytest

from cmoe.dfe_statistics import BENCHMARKS_DIR

EXCLUSIONS_FILE = BENCHMARKS_DIR / "exclusions_la_2006_07_to_2016_17.csv"
LA_NAME, REGION = "Wiltshire", "South West"
# The file's column for each measure of rpt_exclusion_benchmark.
RATE_COLUMNS = {
    "permanent_exclusions_per_100": "perm_excl_rate",
    "suspensions_per_100": "fixed_excl_rate",
    "one_or_more_suspensions_per_100": "one_or_more_fixed_excl_rate",
}


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    """The file's Total rows, each rate a number where published (x and . are not)."""
    raw = pd.read_csv(EXCLUSIONS_FILE, dtype=str, keep_default_na=False)
    raw = raw[raw["school_type"] == "Total"].copy()
    for column in RATE_COLUMNS.values():
        raw[column] = pd.to_numeric(raw[column], errors="coerce")
    return raw


@pytest.fixture(scope="module")
def benchmark(small_scenario) -> pd.DataFrame:
    return small_scenario.query(
        "select * from reporting.rpt_exclusion_benchmark where education_phase = 'Total'"
    )


def rank_in_file(published: pd.DataFrame, year: str, column: str) -> tuple[float, int, int, str]:
    """(the LA's rate, rank, out of how many, band) from the file: rank = 1 + LAs lower, band by
    the share of LAs lower (A when fewer than a quarter)."""
    las = published[(published["level"] == "Local authority") & (published["year"] == year)]
    rates = las[column].dropna()
    rate = float(las.loc[las["la_name"] == LA_NAME, column].iloc[0])
    lower = int((rates < rate).sum())
    share = lower / len(rates)
    band = "A" if share < 0.25 else "B" if share < 0.5 else "C" if share < 0.75 else "D"
    return rate, lower + 1, len(rates), band


def test_rank_and_band_for_every_year_and_measure_of_the_exclusions_file(published, benchmark) -> None:
    years = sorted(published["year"].unique())
    got = benchmark.set_index(["academic_year_start", "measure"])
    for year in years:
        for measure, column in RATE_COLUMNS.items():
            rate, rank, out_of, band = rank_in_file(published, year, column)
            row = got.loc[(int(year[:4]), measure)]
            assert (row["la_per_100"], row["la_rank"], row["ranked_las"], row["quartile_band"]) == (
                rate,
                rank,
                out_of,
                band,
            ), (year, measure)
    assert len(benchmark) == len(years) * len(RATE_COLUMNS)


def test_wiltshire_2016_17_permanent_exclusions_beside_england_and_the_south_west(
    published, benchmark
) -> None:
    year = published[published["year"] == "201617"]
    england = year.loc[year["level"] == "National", "perm_excl_rate"].iloc[0]
    region = year.loc[(year["level"] == "Region") & (year["la_name"] == REGION), "perm_excl_rate"].iloc[0]
    rate, rank, out_of, band = rank_in_file(published, "201617", "perm_excl_rate")
    row = benchmark[
        (benchmark["academic_year"] == "2016/17") & (benchmark["measure"] == "permanent_exclusions_per_100")
    ]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["old_la_code"], row["new_la_code"], row["region_name"]) == ("865", "E06000054", REGION)
    assert (row["la_per_100"], row["england_per_100"], row["region_per_100"]) == (rate, england, region)
    assert (row["la_rank"], row["ranked_las"], row["quartile_band"]) == (rank, out_of, band)
    # Wiltshire's rate is below England's, so it must rank in the lower half.
    assert rate < england and rank <= out_of / 2
